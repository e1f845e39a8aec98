package dev.driverlab.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.driverlab.scenario.ScenarioException;
import dev.driverlab.scenario.ScenarioLoader;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * docs/kernel-model.md, "Devicetree": a world platform device may carry a devicetree node (compatible and
 * properties); platform_match tries the driver's of_match_table first, then its id table, then its name
 * (drivers/base/platform.c), and the of_property_read_* helpers read the node as drivers/of/property.c does.
 */
class DevicetreeRulesTests {

    /** A driver in the style of LKMPG's devicetree example: two compatibles, each with its own match data. */
    private static final String DRIVER = """
            #include <linux/module.h>
            #include <linux/of.h>
            #include <linux/of_device.h>
            #include <linux/platform_device.h>

            struct chip { const char *model; int channels; };
            static const struct chip chip_a = { "A", 2 };
            static const struct chip chip_b = { "B", 4 };

            static int lab_probe(struct platform_device *pdev)
            {
            	struct device_node *np = pdev->dev.of_node;
            	const struct chip *chip = device_get_match_data(&pdev->dev);
            	const char *label;
            	u32 rate = 0, cells[3];
            	int ret;

            	if (!np) {
            		pr_info("%s: no node\\n", pdev->name);
            		return 0;
            	}
            	pr_info("probe %s name %s chip %s/%d\\n", np->full_name, np->name, chip->model, chip->channels);
            	ret = of_property_read_string(np, "label", &label);
            	pr_info("label %d %s\\n", ret, ret ? "-" : label);
            	ret = of_property_read_u32(np, "rate", &rate);
            	pr_info("rate %d %u\\n", ret, rate);
            	ret = of_property_read_u32_array(np, "cells", cells, 3);
            	pr_info("cells %d %x %x %x\\n", ret, cells[0], cells[1], cells[2]);
            	pr_info("missing %d bool %d %d\\n", of_property_read_u32(np, "nope", &rate),
            		of_property_read_bool(np, "wakeup-source"), of_property_read_bool(np, "nope"));
            	/* a score (the earlier in the node's list, the higher), not a bool */
            	pr_info("compatible %d %d\\n", of_device_is_compatible(np, "acme,chip-b") > 0,
            		of_device_is_compatible(np, "acme,chip-a"));
            	return 0;
            }

            static const struct of_device_id lab_of_ids[] = {
            	{ .compatible = "acme,chip-a", .data = &chip_a },
            	{ .compatible = "acme,chip-b", .data = &chip_b },
            	{ }
            };
            MODULE_DEVICE_TABLE(of, lab_of_ids);

            static struct platform_driver lab_driver = {
            	.probe = lab_probe,
            	.driver = {
            		.name = "lab_chip",
            		.of_match_table = of_match_ptr(lab_of_ids),
            	},
            };
            module_platform_driver(lab_driver);
            MODULE_LICENSE("GPL");
            """;

    private static Map<String, Object> props() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("label", "left");
        p.put("rate", 48000L);
        p.put("cells", List.of(1L, 0xdeadbeefL, 3L));
        p.put("wakeup-source", true);
        return p;
    }

    @Test
    void aNodeMatchesByCompatibleAndItsPropertiesReadAsTheKernelReadsThem() {
        var r = Lab.driver(DRIVER)
                .ofDevice("codec", "acme,chip-b", props())
                .ofDevice("other", "acme,chip-z", Map.of())
                .run("insmod lab");
        assertThat(Lab.driverLog(r))
                .containsExactly(
                        "probe codec name codec chip B/4",
                        "label 0 left",
                        "rate 0 48000",
                        "cells 0 1 deadbeef 3",
                        "missing -22 bool 1 0",
                        "compatible 1 0");
    }

    @Test
    void withoutANodeTheDriverNameStillMatches() {
        var r = Lab.driver(DRIVER).device("lab_chip", null).run("insmod lab");
        assertThat(Lab.driverLog(r)).containsExactly("lab_chip: no node");
    }

    @Test
    void anIdTableIsTriedAfterTheNodeAndBeforeTheName() {
        String idDriver = DRIVER.replace("""
            		.of_match_table = of_match_ptr(lab_of_ids),
            	},
            """, """
            		.of_match_table = of_match_ptr(lab_of_ids),
            	},
            	.id_table = lab_ids,
            """).replace("MODULE_DEVICE_TABLE(of, lab_of_ids);", """
            MODULE_DEVICE_TABLE(of, lab_of_ids);
            static const struct platform_device_id lab_ids[] = { { "chip-legacy", 7 }, { } };
            """);
        var r = Lab.driver(idDriver)
                .device("lab_chip", null)
                .device("chip-legacy", null)
                .run("insmod lab");
        // with an id table the name is no longer tried: lab_chip stays unbound
        assertThat(Lab.driverLog(r)).containsExactly("chip-legacy: no node");
    }

    @Test
    void aWorldDeclaresNodesOnPlatformDevicesOnly() {
        String yaml = """
                id: t
                title: T
                summary: S
                module: m
                source: |
                  MODULE_LICENSE("GPL");
                world:
                  devices:
                    - name: codec
                      bus: platform
                      compatible: "acme,chip-b"
                      properties: {label: left, rate: 48000, cells: [1, 2], wakeup-source: true}
                """;
        DeviceSpec d = ScenarioLoader.parse("t.yaml", yaml).world().devices().get(0);
        assertThat(d.compatible()).isEqualTo("acme,chip-b");
        assertThat(d.properties()).containsOnlyKeys("label", "rate", "cells", "wakeup-source");
        assertThatThrownBy(() -> ScenarioLoader.parse("t.yaml", yaml.replace("bus: platform", "bus: usb")))
                .isInstanceOf(ScenarioException.class)
                .hasMessageContaining("compatible and properties need bus \"platform\"");
        assertThatThrownBy(() -> ScenarioLoader.parse("t.yaml", yaml.replace("rate: 48000", "rate: 1.5")))
                .isInstanceOf(ScenarioException.class)
                .hasMessageContaining("world.devices[0].properties.rate must be a string, an integer");
    }
}
