package dev.driverlab.kernel;

import static dev.driverlab.kernel.Lab.events;
import static dev.driverlab.kernel.Lab.first;
import static org.assertj.core.api.Assertions.assertThat;

import dev.driverlab.engine.trace.TraceEvent;
import dev.driverlab.engine.view.StateView;
import dev.driverlab.scenario.RunResult;
import java.util.List;
import org.junit.jupiter.api.Test;

/** docs/kernel-model.md, "devres" (drivers/base/devres.c, kernel/irq/devres.c). */
class DevresRulesTests {

    private static final String ACTIONS = """
            static void lab_action(void *data)
            {
            	int *v = data;

            	pr_info("action %d", *v);
            }

            static irqreturn_t lab_irq(int irq, void *dev_id)
            {
            	pr_info("irq handler");
            	return IRQ_HANDLED;
            }
            """;

    @Test
    void devresIsReleasedInReverseOrderOfAddition() {
        String src = Lab.platformDriver(ACTIONS, """
                	int *a = devm_kzalloc(&pdev->dev, 8, GFP_KERNEL);
                	int *b = devm_kzalloc(&pdev->dev, 16, GFP_KERNEL);

                	if (!a || !b)
                		return -ENOMEM;
                	*a = 1;
                	*b = 2;
                	return devm_add_action(&pdev->dev, lab_action, b);
                """, "\treturn 0;");
        RunResult r = Lab.driver(src).device("my_device", 17).run("insmod lab\nunbind my_device");
        List<TraceEvent> added = events(r, "devres-add");
        List<TraceEvent> released = events(r, "devres-release");
        assertThat(added)
                .extracting(TraceEvent::text)
                .containsExactly("devm_kzalloc", "devm_kzalloc", "devm_add_action");
        assertThat(released)
                .extracting(TraceEvent::text)
                .containsExactly("devm_add_action", "devm_kzalloc", "devm_kzalloc");
        assertThat(released)
                .extracting(TraceEvent::object)
                .containsExactly(
                        added.get(2).object(),
                        added.get(1).object(),
                        added.get(0).object());
        long action = first(r, "enter", "lab_action");
        assertThat(action).isBetween(released.get(0).seq(), released.get(1).seq());
        assertThat(Lab.driverLog(r)).containsExactly("action 2");
    }

    @Test
    void devmAddActionOrResetRunsTheActionWithItsDataOnlyAtRelease() {
        String src = Lab.platformDriver(ACTIONS, """
                	int *v = devm_kzalloc(&pdev->dev, sizeof(*v), GFP_KERNEL);
                	int err;

                	if (!v)
                		return -ENOMEM;
                	*v = 42;
                	err = devm_add_action_or_reset(&pdev->dev, lab_action, v);
                	pr_info("added %d", err);
                	return err;
                """, "\tpr_info(\"remove\");\n\treturn 0;");
        RunResult r = Lab.driver(src).device("my_device", 17).run("insmod lab\nunbind my_device");
        assertThat(Lab.driverLog(r)).containsExactly("added 0", "remove", "action 42");
        assertThat(first(r, "enter", "lab_action"))
                .isGreaterThan(first(r, "return", "lab_remove"))
                .isGreaterThan(first(r, "devres-release", "devm_add_action"));
    }

    @Test
    void devmKzallocMemoryIsFreedWithItsDevresNode() {
        String src = Lab.platformDriver("", """
                	struct lab_dev *ld = devm_kzalloc(&pdev->dev, sizeof(*ld), GFP_KERNEL);

                	if (!ld)
                		return -ENOMEM;
                	platform_set_drvdata(pdev, ld);
                	return 0;
                """, "\treturn 0;");
        RunResult before = Lab.driver(src).device("my_device", 17).run("insmod lab");
        assertThat(before.state().devices().get(0).devres())
                .extracting(StateView.DevresView::name)
                .containsExactly("devm_kzalloc");
        long object = events(before, "devres-add").get(0).object();
        assertThat(before.state().objects())
                .filteredOn(o -> o.id() == object)
                .singleElement()
                .satisfies(o -> assertThat(o.live()).isTrue());

        RunResult r = Lab.driver(src).device("my_device", 17).run("insmod lab\nunbind my_device");
        long released = first(r, "devres-release", "devm_kzalloc");
        TraceEvent free = events(r, "free").stream()
                .filter(e -> e.object() == object)
                .findFirst()
                .orElseThrow();
        assertThat(free.seq()).isGreaterThan(released);
        assertThat(r.state().objects())
                .filteredOn(o -> o.id() == object)
                .singleElement()
                .satisfies(o -> assertThat(o.live()).isFalse());
        assertThat(r.state().devices().get(0).devres()).isEmpty();
    }

    @Test
    void devmKfreeFreesAtOnceAndDropsTheEntry() {
        String src = Lab.platformDriver("", """
                	void *a = devm_kzalloc(&pdev->dev, 8, GFP_KERNEL);

                	devm_kfree(&pdev->dev, a);
                	pr_info("freed");
                	return 0;
                """, "\treturn 0;");
        RunResult r = Lab.driver(src).device("my_device", 17).run("insmod lab\nunbind my_device");
        assertThat(events(r, "devres-release")).hasSize(1);
        assertThat(first(r, "devres-release", "devm_kzalloc")).isLessThan(first(r, "return", "lab_probe"));
        assertThat(first(r, "free", "devm_kfree")).isLessThan(first(r, "dmesg", "freed"));
        assertThat(r.reports()).isEmpty();
    }

    @Test
    void devmRequestIrqKeepsTheHandlerLiveUntilDevresReleasesIt() {
        String src = Lab.platformDriver(ACTIONS, """
                	return devm_request_irq(&pdev->dev, platform_get_irq(pdev, 0), lab_irq, 0, "lab", pdev);
                """, "\tpr_info(\"remove\");\n\treturn 0;");
        RunResult r = Lab.driver(src)
                .device("my_device", 17)
                .run("insmod lab\nbreak devres_release_all\nunbind my_device\nirq 17\ncontinue unbind\nirq 17");
        assertThat(r.error()).isNull();
        List<TraceEvent> fired = events(r, "irq-fire");
        assertThat(fired).hasSize(2);
        long handler = first(r, "enter", "lab_irq");
        assertThat(handler)
                .isGreaterThan(first(r, "return", "lab_remove"))
                .isGreaterThan(fired.get(0).seq());
        long release = first(r, "devres-release", "devm_request_irq");
        long unlinked = first(r, "irq-free", "IRQ 17");
        assertThat(handler).isLessThan(release);
        assertThat(release).isLessThan(unlinked);
        assertThat(unlinked).isLessThan(fired.get(1).seq());
        assertThat(events(r, "enter", "lab_irq")).hasSize(1);
        assertThat(Lab.driverLog(r))
                .containsExactly(
                        "remove", "irq handler"); // the second IRQ finds no handler: nothing runs, nothing said
        assertThat(r.reports()).isEmpty();
    }

    @Test
    void devmFreeIrqRemovesTheEntryAndFreesTheIrqAtOnce() {
        String src = Lab.platformDriver(ACTIONS, """
                	return devm_request_irq(&pdev->dev, platform_get_irq(pdev, 0), lab_irq, 0, "lab", pdev);
                """, """
                	devm_free_irq(&pdev->dev, platform_get_irq(pdev, 0), pdev);
                	pr_info("remove");
                	return 0;
                """);
        RunResult r = Lab.driver(src).device("my_device", 17).run("insmod lab\nunbind my_device\nirq 17");
        assertThat(events(r, "devres-release")).extracting(TraceEvent::text).containsExactly("devm_request_irq");
        long removeReturned = first(r, "return", "lab_remove");
        assertThat(first(r, "devres-release", "devm_request_irq")).isLessThan(removeReturned);
        assertThat(first(r, "irq-free", "IRQ 17")).isLessThan(removeReturned);
        assertThat(events(r, "enter", "lab_irq")).isEmpty();
        assertThat(Lab.driverLog(r)).containsExactly("remove");
    }

    @Test
    void theStateViewListsADevicesDevresInOrder() {
        String src = Lab.platformDriver(ACTIONS, """
                	int *v = devm_kzalloc(&pdev->dev, sizeof(*v), GFP_KERNEL);

                	if (!v)
                		return -ENOMEM;
                	if (devm_request_irq(&pdev->dev, 17, lab_irq, 0, "lab", v))
                		return -EBUSY;
                	return devm_add_action_or_reset(&pdev->dev, lab_action, v);
                """, "\treturn 0;");
        RunResult r = Lab.driver(src).device("my_device", 17).run("insmod lab");
        assertThat(r.state().devices().get(0).devres())
                .extracting(StateView.DevresView::name)
                .containsExactly("devm_kzalloc", "devm_request_irq", "devm_add_action");
    }
}
