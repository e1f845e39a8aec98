package dev.driverlab.kernel;

import static dev.driverlab.kernel.Lab.events;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.driverlab.engine.trace.TraceEvent;
import dev.driverlab.engine.view.StateView;
import dev.driverlab.scenario.RunResult;
import dev.driverlab.scenario.ScenarioException;
import dev.driverlab.scenario.ScenarioLoader;
import dev.driverlab.scenario.ScriptParser;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** docs/kernel-model.md, "GPIO" (drivers/gpio/gpiolib.c, gpiolib-legacy.c, gpio-sim.c): lines, requests, IRQs. */
class GpioRulesTests {

    /** A button on GPIO 17 (IRQ on {@code trigger}) and an LED on GPIO 4 it toggles; exit runs {@code exit}. */
    private static String button(String trigger, String exit) {
        return """
                #include <linux/module.h>
                #include <linux/gpio.h>
                #include <linux/interrupt.h>

                static struct gpio lab_gpios[] = { { 4, GPIOF_OUT_INIT_LOW, "lab led" }, { 17, GPIOF_IN, "lab button" } };
                static int lab_irq;

                static irqreturn_t lab_isr(int irq, void *dev_id)
                {
                	gpio_set_value(4, !gpio_get_value(4));
                	pr_info("irq %d button %d led %d", irq, gpio_get_value(17), gpio_get_value(4));
                	return IRQ_HANDLED;
                }

                static int __init lab_init(void)
                {
                	int ret = gpio_request_array(lab_gpios, ARRAY_SIZE(lab_gpios));

                	if (ret)
                		return ret;
                	lab_irq = gpio_to_irq(17);
                	pr_info("button irq %d", lab_irq);
                	ret = request_irq(lab_irq, lab_isr, TRIGGER, "lab", NULL);
                	if (ret)
                		gpio_free_array(lab_gpios, ARRAY_SIZE(lab_gpios));
                	return ret;
                }

                static void __exit lab_exit(void)
                {
                EXIT}

                module_init(lab_init);
                module_exit(lab_exit);
                MODULE_LICENSE("GPL");
                """.replace("TRIGGER", trigger).replace("EXIT", exit);
    }

    private static final String CLEAN_EXIT =
            "\tfree_irq(lab_irq, NULL);\n\tgpio_free_array(lab_gpios, ARRAY_SIZE(lab_gpios));\n";

    @Test
    void gpioToIrqGivesEachLineItsOwnIrqAndAMatchingEdgeRaisesIt() {
        RunResult r = Lab.driver(button("IRQF_TRIGGER_RISING", CLEAN_EXIT))
                .run("insmod lab\ngpio 17 1\ngpio 17 0\ngpio 17 1\nrmmod lab");
        int irq = GpioSpec.IRQ_BASE + 17;
        assertThat(Lab.driverLog(r))
                .containsSubsequence(
                        "button irq " + irq, "irq " + irq + " button 1 led 1", "irq " + irq + " button 1 led 0");
        assertThat(events(r, "irq-fire")).hasSize(2); // the falling edge is not one the handler asked for
        assertThat(events(r, "enter", "lab_isr"))
                .extracting(TraceEvent::context)
                .containsOnly("irq" + irq);
    }

    @Test
    void bothEdgesFireWithRisingAndFallingAndAPullToTheSameLevelIsNoEdge() {
        RunResult r = Lab.driver(button("IRQF_TRIGGER_RISING | IRQF_TRIGGER_FALLING", CLEAN_EXIT))
                .run("insmod lab\ngpio 17 1\ngpio 17 1\ngpio 17 0\nrmmod lab");
        assertThat(events(r, "irq-fire")).hasSize(2);
        assertThat(Lab.driverLog(r)).contains("irq 217 button 0 led 0");
    }

    @Test
    void anEdgeOnALineWithoutAHandlerRaisesNothingAndAnOutputKeepsItsLevel() {
        RunResult r = Lab.driver(button("IRQF_TRIGGER_RISING", CLEAN_EXIT))
                .run("insmod lab\ngpio 18 1\ngpio 4 1\nrmmod lab\ngpio 17 1");
        assertThat(events(r, "irq-fire")).isEmpty(); // 18 unmapped, 4 an output, 17's handler freed at exit
        assertThat(r.reports()).isEmpty();
    }

    @Test
    void theLineFiresIntoAnUnloadedModuleWhenExitForgetsFreeIrq() {
        RunResult r = Lab.driver(
                        button("IRQF_TRIGGER_RISING", "\tgpio_free_array(lab_gpios, ARRAY_SIZE(lab_gpios));\n"))
                .run("insmod lab\nrmmod lab\ngpio 17 1");
        assertThat(r.reports()).hasSize(1);
        assertThat(r.reports().get(0).text())
                .contains("BUG: unable to handle page fault", "common_interrupt", "[last unloaded: lab(O)]");
    }

    @Test
    void theStateShowsTheLinesADriverRequestedWithTheirDirectionAndLevel() {
        RunResult r = Lab.driver(button("IRQF_TRIGGER_RISING", CLEAN_EXIT)).run("insmod lab\ngpio 17 1");
        assertThat(r.state().gpio())
                .containsExactly(
                        new StateView.GpioView(4, "lab led", "out", 1, false),
                        new StateView.GpioView(17, "lab button", "in", 1, false));
        RunResult unloaded =
                Lab.driver(button("IRQF_TRIGGER_RISING", CLEAN_EXIT)).run("insmod lab\nrmmod lab");
        assertThat(unloaded.state().gpio()).containsExactly(new StateView.GpioView(4, null, "out", 0, false));
    }

    @Test
    void aLineAlreadyRequestedIsBusyAndARequestArrayGivesBackWhatItTook() {
        List<String> dmesg =
                Lab.dmesgOfInit("static struct gpio two[] = { { 5, GPIOF_IN, \"a\" }, { 5, GPIOF_IN, \"b\" } };", """
                	pr_info("array %d", gpio_request_array(two, ARRAY_SIZE(two)));
                	pr_info("again %d", gpio_request(5, "c"));
                	pr_info("busy %d", gpio_request(5, "d"));
                	gpio_free(5);
                	gpio_free(5);
                	gpio_free(6);
                	return 0;
                """);
        assertThat(dmesg).containsExactly("array -16", "again 0", "busy -16");
    }

    @Test
    void aNumberNoChipHasDefersWhenValidAndIsAnInvalidGpioPastArchNrGpios() {
        List<String> dmesg = Lab.dmesgOfInit("", """
                	pr_info("valid %d %d", gpio_is_valid(100), gpio_request(100, "x"));
                	pr_info("invalid %d %d", gpio_is_valid(600), gpio_request(600, "x"));
                	pr_info("irq %d", gpio_to_irq(100));
                	return 0;
                """);
        assertThat(dmesg).containsExactly("valid 1 -517", "invalid GPIO 600", "invalid 0 0", "irq -22");
    }

    @Test
    void anErrorPointerIsAnInvalidGpioNamedByTheFunctionThatGotIt() {
        List<String> dmesg = Lab.dmesgOfInit("", """
                	struct gpio_desc *bad = ERR_PTR(-ENOENT);

                	gpiod_set_value(bad, 1);
                	pr_info("%d %d %d", gpiod_get_value(bad), gpiod_to_irq(bad), gpiod_direction_input(NULL));
                	return 0;
                """);
        assertThat(dmesg)
                .containsExactly(
                        "gpiod_set_value: invalid GPIO (errorpointer)",
                        "gpiod_get_value: invalid GPIO (errorpointer)",
                        "-2 -22 0");
    }

    @Test
    void theWorldSetsTheChipsBaseLinesAndTheInputsHeldHigh() {
        RunResult r = Lab.init("", """
                        	pr_info("%d %d %d", gpio_get_value(32), gpio_get_value(33), gpio_request(40, "x"));
                        	pr_info("irq %d", gpio_to_irq(33));
                        	return 0;
                        """).gpio(new GpioSpec(32, 8, List.of(33))).run("insmod lab");
        assertThat(Lab.driverLog(r)).containsExactly("0 1 -517", "irq " + (GpioSpec.IRQ_BASE + 1));
        RunResult none = Lab.init("", "\tpr_info(\"%d\", gpio_request(4, \"x\"));\n\treturn 0;\n")
                .gpio(new GpioSpec(0, 0, List.of()))
                .run("insmod lab");
        assertThat(Lab.driverLog(none)).containsExactly("-517");
    }

    @Test
    void directionOutputSetsTheLevelAndDirectionInputFollowsThePull() {
        List<String> dmesg = Lab.dmesgOfInit("", """
                	gpio_request(9, "x");
                	gpio_direction_output(9, 1);
                	pr_info("out %d", gpio_get_value(9));
                	gpio_direction_input(9);
                	pr_info("in %d", gpio_get_value(9));
                	gpio_free(9);
                	return 0;
                """);
        assertThat(dmesg).containsExactly("out 1", "in 0");
    }

    private static final String GPIOD_DRIVER = Lab.platformDriver("", """
            	struct gpio_desc *led = devm_gpiod_get(&pdev->dev, "led", GPIOD_OUT_HIGH);
            	struct gpio_desc *none = gpiod_get(&pdev->dev, "reset", GPIOD_IN);

            	if (IS_ERR(led))
            		return PTR_ERR(led);
            	pr_info("led gpio %d raw %d active-low %d none %ld", desc_to_gpio(led), gpiod_get_raw_value(led),
            		gpiod_is_active_low(led), PTR_ERR(none));
            	pr_info("optional %p", gpiod_get_optional(&pdev->dev, "reset", GPIOD_IN));
            	gpiod_set_value(led, 0);
            	pr_info("raw %d irq %d", gpiod_get_raw_value(led), gpiod_to_irq(led));
            """ + "\treturn 0;\n", "\treturn 0;\n");

    @Test
    void gpiodGetFindsTheDevicetreeLineAppliesActiveLowAndDevresPutsIt() {
        RunResult r = Lab.driver(GPIOD_DRIVER)
                .ofDevice("my_device", null, Map.of("led-gpios", List.of(6L, 1L)))
                .run("insmod lab\nunbind my_device\nbind my_device");
        assertThat(Lab.driverLog(r))
                .containsSubsequence(
                        "led gpio 6 raw 0 active-low 1 none -2",
                        "optional 0000000000000000",
                        "raw 1 irq 206",
                        "led gpio 6 raw 0 active-low 1 none -2"); // unbind put the line: bind gets it again
    }

    /** devm_gpiod_put releases the descriptor at once (the line can be had again); one not managed is a WARN_ON. */
    @Test
    void devmGpiodPutReleasesTheLineNowAndWarnsForADescriptorItDoesNotManage() {
        String driver = Lab.platformDriver("", """
                	struct gpio_desc *led = devm_gpiod_get(&pdev->dev, "led", GPIOD_OUT_HIGH);
                	struct gpio_desc *plain;

                	devm_gpiod_put(&pdev->dev, led);
                	plain = gpiod_get(&pdev->dev, "led", GPIOD_OUT_HIGH);
                	pr_info("again %d", !IS_ERR(plain));
                	devm_gpiod_put(&pdev->dev, plain);
                	gpiod_put(plain);
                """ + "\treturn 0;\n", "\treturn 0;\n");
        RunResult r = Lab.driver(driver)
                .ofDevice("my_device", null, Map.of("led-gpios", List.of(6L, 1L)))
                .run("insmod lab\nunbind my_device");
        assertThat(Lab.driverLog(r)).contains("again 1");
        assertThat(Lab.driverLog(r)).anyMatch(l -> l.matches("WARNING: CPU: \\d+ PID: \\d+ at .*devm_gpiod_put.*"));
        assertThat(events(r, "warning")).hasSize(1);
    }

    @Test
    void theWorldsGpioKeyIsCheckedByTheWorldRules() {
        String yaml = "id: t\ntitle: t\nsummary: s\nmodule: m\nsource: \"int x;\"\nworld:\n  gpio: %s\n";
        assertThat(ScenarioLoader.parse("t.yaml", yaml.formatted("{base: 8, lines: 4, high: [9]}"))
                        .world()
                        .gpio())
                .isEqualTo(new GpioSpec(8, 4, List.of(9)));
        assertThatThrownBy(() -> ScenarioLoader.parse("t.yaml", yaml.formatted("{lines: 300}")))
                .isInstanceOf(ScenarioException.class)
                .hasMessageContaining("world.gpio.lines must be an integer between 0 and 256");
        assertThatThrownBy(() -> ScenarioLoader.parse("t.yaml", yaml.formatted("{base: 500, lines: 64}")))
                .hasMessageContaining("world.gpio.base must be an integer between 0 and 448");
        assertThatThrownBy(() -> ScenarioLoader.parse("t.yaml", yaml.formatted("{high: [70]}")))
                .hasMessageContaining("world.gpio.high lists GPIO 70, not a line of the chip (0..63)");
        assertThatThrownBy(() -> ScenarioLoader.parse("t.yaml", yaml.formatted("{pins: 3}")))
                .hasMessageContaining("pins");
        World clash = new World(2, List.of(new DeviceSpec("d", "platform", 210)));
        assertThat(clash.problem().message())
                .isEqualTo("world.devices[0].irq 210 is the GPIO controller's (IRQs 200..263)");
    }

    @Test
    void theGpioCommandTakesALineOfTheChipAndALevel() {
        assertThatThrownBy(() -> ScriptParser.parse("s", "gpio 17 2")).isInstanceOf(ScenarioException.class);
        RunResult r = Lab.init("", "\treturn 0;\n").run("gpio 64 1");
        assertThat(r.error()).contains("no GPIO 64: the GPIO controller has lines 0..63");
    }
}
