package dev.driverlab.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one set of rules for a world, which scenario files and a request's JSON world both follow. */
class WorldTests {

    private static World.Problem problem(int cpus, DeviceSpec... devices) {
        return new World(cpus, List.of(devices)).problem();
    }

    @Test
    void everyBusIsAcceptedAndAnotherIsNamedWithTheChoices() {
        for (Bus b : Bus.values())
            assertThat(problem(2, new DeviceSpec("d", b.id(), 17))).isNull();
        World.Problem p = problem(2, new DeviceSpec("d", "pci", 17));
        assertThat(p.pointer()).isEqualTo("/world/devices/0/bus");
        assertThat(p.message()).isEqualTo("world.devices[0].bus must be \"platform\", \"usb\" or \"i2c\", not 'pci'");
        assertThat(Bus.of("i2c")).isEqualTo(Bus.I2C);
        assertThat(Bus.of("pci")).isNull();
    }

    @Test
    void cpusDevicesNamesAndIrqsHaveTheirBounds() {
        assertThat(problem(0).pointer()).isEqualTo("/world/cpus");
        assertThat(problem(World.MAX_CPUS + 1).message())
                .isEqualTo("world.cpus must be an integer between 1 and " + World.MAX_CPUS);
        List<DeviceSpec> many = new ArrayList<>();
        for (int i = 0; i <= World.MAX_DEVICES; i++) many.add(new DeviceSpec("d" + i, "platform", null));
        assertThat(new World(2, many).problem().message())
                .isEqualTo("world.devices may list at most 64 devices, not 65");
        assertThat(problem(2, new DeviceSpec("a b", "platform", null)).pointer())
                .isEqualTo("/world/devices/0/name");
        assertThat(problem(2, new DeviceSpec("d", "platform", DeviceSpec.MAX_IRQ + 1))
                        .message())
                .isEqualTo("world.devices[0].irq must be an integer between 1 and " + DeviceSpec.MAX_IRQ);
    }

    @Test
    void aDuplicateNameNamesTheFirstDeviceAndUsbKeysNeedUsb() {
        World.Problem dup = problem(2, new DeviceSpec("d", "platform", null), new DeviceSpec("d", "i2c", null));
        assertThat(dup.message()).isEqualTo("duplicate device name 'd' in world.devices");
        assertThat(dup.pointer()).isEqualTo("/world/devices/1/name");
        assertThat(dup.earlier()).isEqualTo("/world/devices/0");
        assertThat(problem(2, new DeviceSpec("d", "i2c", null, 1, 2, null)).message())
                .isEqualTo("world.devices[0]: vendor, product and data need bus \"usb\"");
        assertThat(problem(2, new DeviceSpec("d", "usb", null, 1, 2, null))).isNull();
    }
}
