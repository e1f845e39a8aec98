package dev.driverlab.kernel;

import static dev.driverlab.kernel.Lab.entered;
import static dev.driverlab.kernel.Lab.events;
import static dev.driverlab.kernel.Lab.first;
import static org.assertj.core.api.Assertions.assertThat;

import dev.driverlab.engine.trace.TraceEvent;
import dev.driverlab.scenario.RunResult;
import java.util.List;
import org.junit.jupiter.api.Test;

/** docs/kernel-model.md, "Driver core" (drivers/base/dd.c, bus.c): bind, probe failure, unbind, unregister. */
class DriverCoreRulesTests {

    /** probe: devm_kzalloc a lab_dev, remember the IRQ, set drvdata; remove: print which device goes. */
    private static final String DRIVER = Lab.platformDriver("", """
            	struct lab_dev *ld;

            	pr_info("probe drvdata %s driver %s", platform_get_drvdata(pdev) ? "set" : "null",
            		pdev->dev.driver ? "set" : "null");
            	ld = devm_kzalloc(&pdev->dev, sizeof(*ld), GFP_KERNEL);
            	if (!ld)
            		return -ENOMEM;
            	ld->irq = platform_get_irq(pdev, 0);
            	platform_set_drvdata(pdev, ld);
            	dev_info(&pdev->dev, "probed irq %d", ld->irq);
            	return 0;
            """, """
            	struct lab_dev *ld = platform_get_drvdata(pdev);

            	pr_info("remove %d", ld->irq);
            	return 0;
            """);

    private static Lab lab() {
        return Lab.driver(DRIVER).device("my_device", 17);
    }

    /** A driver whose probe devm-allocates two buffers (16 and 32 bytes), then returns {@code error}. */
    private static String failingProbe(String error) {
        return Lab.platformDriver("", """
                	void *a = devm_kzalloc(&pdev->dev, 16, GFP_KERNEL);
                	void *b = devm_kzalloc(&pdev->dev, 32, GFP_KERNEL);

                	if (!a || !b)
                		return -ENOMEM;
                	return %s;
                """.formatted(error), "\treturn 0;");
    }

    @Test
    void devPrintkOfAClassDeviceWithoutDriverOrBusNamesItsClassAndItsName() {
        // dev_driver_string falls back to dev_bus_name (the bus, else the class); dev_name to the kobject's name
        List<String> dmesg = Lab.dmesgOfInit("static struct class *cls;\n", """
                	struct device *dev;

                	cls = class_create(THIS_MODULE, "gadget");
                	dev = device_create(cls, NULL, MKDEV(240, 3), NULL, "gadget%d", 3);
                	dev_info(dev, "ready\\n");
                	device_destroy(cls, MKDEV(240, 3));
                	class_destroy(cls);
                """);
        assertThat(dmesg).contains("gadget gadget3: ready");
    }

    @Test
    void registeringTheDriverProbesTheMatchingDeviceThroughReallyProbe() {
        RunResult r = lab().run("insmod lab");
        assertThat(entered(r))
                .containsSubsequence(
                        "platform_driver_register",
                        "driver_register",
                        "driver_attach",
                        "__driver_attach",
                        "driver_probe_device",
                        "__driver_probe_device",
                        "really_probe",
                        "call_driver_probe",
                        "platform_probe",
                        "lab_probe");
        assertThat(first(r, "bound", "my_device")).isGreaterThan(first(r, "return", "lab_probe"));
        assertThat(Lab.event(r, first(r, "bound", "my_device")).text())
                .isEqualTo("my_device bound to driver my_device");
        assertThat(Lab.driverLog(r))
                .containsExactly("probe drvdata null driver set", "my_device my_device: probed irq 17");
        assertThat(r.state().devices())
                .singleElement()
                .satisfies(d -> assertThat(d.driver()).isEqualTo("my_device"));
        assertThat(r.output()).isEmpty();
    }

    @Test
    void aDeviceWhoseNameMatchesNoDriverIsNotProbed() {
        RunResult r = Lab.driver(DRIVER).device("other_device", 17).run("insmod lab\nbind other_device");
        assertThat(events(r, "enter", "lab_probe")).isEmpty();
        assertThat(r.output()).containsExactly("bind: echo: write error: No such device");
        assertThat(r.state().devices())
                .singleElement()
                .satisfies(d -> assertThat(d.driver()).isNull());
    }

    @Test
    void bindingADeviceThatAlreadyHasADriverIsRefusedWithEbusyWithoutProbing() {
        // bind_store (6.x) only checks the match; __driver_probe_device refuses a device that has a driver: -EBUSY
        RunResult r = lab().run("insmod lab\nbind my_device");
        assertThat(events(r, "enter", "lab_probe")).hasSize(1);
        assertThat(r.output()).containsExactly("bind: echo: write error: Device or resource busy");
        assertThat(events(r, "bound")).hasSize(1);
    }

    @Test
    void unbindThenBindProbesAgainWithDrvdataCleared() {
        RunResult r = lab().run("insmod lab\nunbind my_device\nbind my_device");
        assertThat(Lab.driverLog(r))
                .containsExactly(
                        "probe drvdata null driver set",
                        "my_device my_device: probed irq 17",
                        "remove 17",
                        "probe drvdata null driver set",
                        "my_device my_device: probed irq 17");
        assertThat(events(r, e -> e.kind().equals("bound") || e.kind().equals("unbound")))
                .extracting(TraceEvent::kind)
                .containsExactly("bound", "unbound", "bound");
        assertThat(r.output()).isEmpty();
    }

    @Test
    void unbindingADeviceWithoutDriverFailsWithNoSuchDevice() {
        RunResult r = lab().run("insmod lab\nunbind my_device\nunbind my_device");
        assertThat(r.output()).containsExactly("unbind: echo: write error: No such device");
        assertThat(events(r, "enter", "lab_remove")).hasSize(1);
    }

    @Test
    void bindingWithoutTheDriverLoadedFailsWithNoSuchDevice() {
        RunResult r = lab().run("bind my_device");
        assertThat(r.output()).containsExactly("bind: echo: write error: No such device");
        assertThat(r.error()).isNull();
    }

    @Test
    void aProbeFailureIsLoggedReleasesItsDevresLastInFirstOutAndLeavesTheDeviceUnbound() {
        RunResult r =
                Lab.driver(failingProbe("-ENOMEM")).device("my_device", 17).run("insmod lab\nbind my_device");
        assertThat(Lab.driverLog(r))
                .containsExactly(
                        "my_device: probe of my_device failed with error -12",
                        "my_device: probe of my_device failed with error -12");
        assertThat(r.output())
                .as("driver_register ignores probe errors; a sysfs bind reports them")
                .containsExactly("bind: echo: write error: Cannot allocate memory");
        List<TraceEvent> added = events(r, "devres-add");
        List<TraceEvent> released = events(r, "devres-release");
        assertThat(added).hasSize(4);
        assertThat(released)
                .extracting(TraceEvent::object)
                .containsExactly(
                        added.get(1).object(),
                        added.get(0).object(),
                        added.get(3).object(),
                        added.get(2).object());
        assertThat(released.get(0).seq()).isGreaterThan(first(r, "return", "lab_probe"));
        assertThat(events(r, "bound")).isEmpty();
        assertThat(r.state().devices()).singleElement().satisfies(d -> {
            assertThat(d.driver()).isNull();
            assertThat(d.devres()).isEmpty();
        });
        List<Long> ids = added.stream().map(TraceEvent::object).toList();
        assertThat(r.state().objects())
                .filteredOn(o -> ids.contains((long) o.id()))
                .hasSize(4)
                .allSatisfy(o -> assertThat(o.live()).isFalse());
        assertThat(r.state().modules())
                .singleElement()
                .satisfies(m -> assertThat(m.state()).isEqualTo("LIVE"));
    }

    @Test
    void aProbeFailureWithEnodevOrEnxioIsNotLoggedButStillCleansUp() {
        for (String error : List.of("-ENODEV", "-ENXIO")) {
            RunResult r =
                    Lab.driver(failingProbe(error)).device("my_device", 17).run("insmod lab");
            assertThat(Lab.driverLog(r)).as(error).isEmpty();
            assertThat(events(r, "devres-release")).as(error).hasSize(2);
            assertThat(events(r, "bound")).as(error).isEmpty();
            assertThat(r.state().devices().get(0).driver()).as(error).isNull();
        }
    }

    @Test
    void unbindRunsRemoveBeforeReleasingDevresThenClearsTheDriver() {
        RunResult r = lab().run("insmod lab\nunbind my_device");
        long removeReturned = first(r, "return", "lab_remove");
        long cleanup = first(r, "enter", "device_unbind_cleanup");
        long released = first(r, "devres-release", "devm_kzalloc");
        long freed = events(r, "free").stream()
                .filter(e -> e.object().equals(Lab.event(r, released).object()))
                .findFirst()
                .orElseThrow()
                .seq();
        long unbound = first(r, "unbound", "my_device");
        assertThat(first(r, "enter", "lab_remove")).isGreaterThan(first(r, "enter", "device_remove"));
        assertThat(removeReturned).isLessThan(cleanup);
        assertThat(cleanup).isLessThan(released);
        assertThat(released).isLessThan(freed);
        assertThat(freed).isLessThan(unbound);
        assertThat(r.state().devices().get(0).driver()).isNull();
        assertThat(Lab.driverLog(r)).contains("remove 17");
    }

    @Test
    void anUnbindDuringProbeWaitsForTheProbeToFinish() {
        // really_probe runs under device_lock(dev); unbind_store's device_release_driver takes the same lock, so
        // remove can only run once probe returned (and drvdata is set).
        RunResult r = lab().run("break lab_probe\ninsmod lab\nunbind my_device\ncontinue insmod");
        assertThat(r.reports()).as(Lab.describe(r)).isEmpty();
        assertThat(first(r, "return", "lab_probe")).isLessThan(first(r, "enter", "lab_remove"));
        assertThat(Lab.driverLog(r)).containsSubsequence("my_device my_device: probed irq 17", "remove 17");
        assertThat(r.state().devices().get(0).driver()).isNull();
    }

    @Test
    void anUnbindRacingWithDriverDetachOfTheSameDeviceRunsRemoveOnce() {
        // device_release_driver_internal takes device_lock(dev) and re-checks dev->driver: whoever comes second
        // finds the device already unbound. Here unbind passed its dev->driver check, then rmmod's detach got there.
        RunResult r = lab().run("insmod lab\nbreak unbind_store\nunbind my_device\nbreak lab_remove\nrmmod lab\n"
                + "delete unbind_store\ndelete lab_remove\ncontinue");
        assertThat(r.reports()).as(Lab.describe(r)).isEmpty();
        assertThat(events(r, "enter", "lab_remove")).hasSize(1);
        assertThat(events(r, "unbound")).hasSize(1);
        assertThat(Lab.driverLog(r)).containsOnlyOnce("remove 17");
    }

    @Test
    void driverUnregisterUnbindsTheLastBoundDeviceFirst() {
        // Two platform devices that both match the driver (same name, as two instances my_device.0/.1 would).
        // The first one is unbound and bound again, so it is now the last bound although it is first on the bus.
        RunResult r = Lab.driver(DRIVER)
                .device("my_device", 17)
                .device("my_device", 18)
                .run("insmod lab\nunbind my_device\nbind my_device\nrmmod lab");
        assertThat(Lab.driverLog(r))
                .filteredOn(l -> l.startsWith("remove"))
                .containsExactly("remove 17", "remove 17", "remove 18");
        assertThat(events(r, "unbound")).hasSize(3);
        assertThat(r.state().devices())
                .hasSize(2)
                .allSatisfy(d -> assertThat(d.driver()).isNull());
    }

    @Test
    void driverUnregisterWithDevicesBoundInBusOrderUnbindsInReverse() {
        RunResult r = Lab.driver(DRIVER)
                .device("my_device", 17)
                .device("my_device", 18)
                .run("insmod lab\nrmmod lab");
        assertThat(Lab.driverLog(r)).filteredOn(l -> l.startsWith("remove")).containsExactly("remove 18", "remove 17");
    }
}
