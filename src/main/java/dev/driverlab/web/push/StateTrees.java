package dev.driverlab.web.push;

import dev.driverlab.web.wire.SessionStateDto;
import dev.driverlab.web.wire.StateDto;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A session state's JSON tree built part by part, reusing the previous state's tree for every part that has not
 * changed: between two {@code irq 17} most contexts, modules, devices, objects and reports are the same, and
 * serializing them again was most of a delta's cost. A part is a list element of the state's lists (the machine's
 * contexts, modules, devices, irqs, objects, deferred work; the reports and refcounts), compared as wire records
 * (value equality: equal records write equal JSON) with the element at the same index before. The rest (the
 * scalars, the order of members, what is left out when null) is Jackson's own serialization of the records with
 * those lists empty, then filled in place, so the tree is the one {@code valueToTree} of the whole state gives
 * (PushDeltaTests hold it so on whole sessions).
 *
 * <p>Unchanged parts are the same node objects as in the previous tree, which {@link PushCodec#diff} skips by
 * identity. Trees are never changed once built: a delta reads them, the next state's tree shares them.
 */
final class StateTrees {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private StateTrees() {}

    /** The state's tree; {@code before} and {@code beforeTree} (both or neither null) the last one built. */
    static JsonNode of(JsonMapper json, SessionStateDto now, SessionStateDto before, JsonNode beforeTree) {
        StateDto m = now.machine();
        StateDto mb = before == null ? null : before.machine();
        JsonNode machineBefore = beforeTree == null ? null : beforeTree.get("machine");
        StateDto shellMachine = m == null
                ? null
                : new StateDto(
                        m.steps(),
                        m.tainted(),
                        empty(m.contexts()),
                        empty(m.modules()),
                        empty(m.devices()),
                        empty(m.irqs()),
                        empty(m.objects()),
                        empty(m.breakpoints()),
                        empty(m.deferred()),
                        empty(m.gpio()));
        SessionStateDto shell = new SessionStateDto(
                now.id(),
                now.scenario(),
                now.steps(),
                now.next(),
                now.stopped(),
                now.commands(),
                now.cut(),
                shellMachine,
                empty(now.reports()),
                empty(now.refcounts()));
        ObjectNode tree = json.valueToTree(shell);
        fill(json, tree, "reports", now.reports(), before, SessionStateDto::reports, beforeTree);
        fill(json, tree, "refcounts", now.refcounts(), before, SessionStateDto::refcounts, beforeTree);
        if (m != null) {
            ObjectNode machine = (ObjectNode) tree.get("machine");
            fill(json, machine, "contexts", m.contexts(), mb, StateDto::contexts, machineBefore);
            fill(json, machine, "modules", m.modules(), mb, StateDto::modules, machineBefore);
            fill(json, machine, "devices", m.devices(), mb, StateDto::devices, machineBefore);
            fill(json, machine, "irqs", m.irqs(), mb, StateDto::irqs, machineBefore);
            fill(json, machine, "objects", m.objects(), mb, StateDto::objects, machineBefore);
            fill(json, machine, "breakpoints", m.breakpoints(), mb, StateDto::breakpoints, machineBefore);
            fill(json, machine, "deferred", m.deferred(), mb, StateDto::deferred, machineBefore);
            fill(json, machine, "gpio", m.gpio(), mb, StateDto::gpio, machineBefore);
        }
        return tree;
    }

    /** An empty list where there is one (the member stays, in its place), null where there is none. */
    private static <T> List<T> empty(List<T> list) {
        return list == null ? null : List.of();
    }

    /**
     * Puts the list's tree in the member {@code name} (already there, empty, so in Jackson's order), each element's
     * tree taken from before when the element at the same index before is equal.
     */
    private static <P, T> void fill(
            JsonMapper json,
            ObjectNode into,
            String name,
            List<T> now,
            P parentBefore,
            Function<P, List<T>> list,
            JsonNode parentTreeBefore) {
        if (now == null) return;
        List<T> before = parentBefore == null ? null : list.apply(parentBefore);
        JsonNode treeBefore = parentTreeBefore == null ? null : parentTreeBefore.get(name);
        boolean reusable = before != null && treeBefore != null && treeBefore.isArray();
        ArrayNode array = NODES.arrayNode(now.size());
        int reused = 0;
        for (int i = 0; i < now.size(); i++) {
            T element = now.get(i);
            if (reusable && i < before.size() && i < treeBefore.size() && Objects.equals(element, before.get(i))) {
                array.add(treeBefore.get(i));
                reused++;
            } else {
                array.add(element == null ? NODES.nullNode() : json.valueToTree(element));
            }
        }
        // all the same: the list's own node too, so a diff skips it at once
        into.set(name, reusable && reused == now.size() && treeBefore.size() == reused ? treeBefore : array);
    }
}
