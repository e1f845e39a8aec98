package dev.driverlab.room;

import dev.driverlab.engine.view.StateView;
import dev.driverlab.session.SessionState;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * "Predict the next step": the kinds of question a teacher (or a lesson) can ask, and their choices read off the
 * real session at the step they are asked. {@code text} questions are answered in free text.
 */
public final class Questions {
    public static final int MAX_CHOICES = 12;
    public static final int MAX_PROMPT = 300;
    public static final int MAX_ANSWER = 200;

    /** The question kinds, with the prompt each gets by default. */
    public enum Kind {
        NEXT("next", "Which context runs next?"),
        FREED("freed", "Which of these objects is freed next?"),
        REFCOUNT("refcount", "Which refcount changes next?"),
        DMESG("dmesg", "What does dmesg print next?"),
        TEXT("text", "Your answer?");

        public final String code;
        public final String prompt;

        Kind(String code, String prompt) {
            this.code = code;
            this.prompt = prompt;
        }

        public static Kind of(String code) {
            for (Kind k : values()) if (k.code.equals(code)) return k;
            return null;
        }
    }

    private Questions() {}

    /** The choices of a {@code kind} question asked now, in the state's order; empty for a free-text kind. */
    public static List<String> choices(Kind kind, SessionState state) {
        Set<String> out = new LinkedHashSet<>();
        StateView m = state.machine();
        switch (kind) {
            case NEXT -> {
                for (StateView.ContextView c : m.contexts()) {
                    if (!"done".equalsIgnoreCase(c.status())) out.add(c.name());
                }
                out.add("nothing: the command is over");
            }
            case FREED -> {
                for (StateView.ObjectView o : m.objects()) {
                    if (o.live())
                        out.add(o.label() != null && !o.label().isEmpty() ? o.label() : o.type() + " " + o.address());
                }
                out.add("none of them");
            }
            case REFCOUNT -> {
                for (SessionState.Refcount r : state.refcounts()) out.add(r.name() + " (now " + r.value() + ")");
                for (StateView.ModuleView mod : m.modules())
                    out.add("module " + mod.name() + " (now " + mod.refcount() + ")");
                out.add("none of them");
            }
            case DMESG, TEXT -> {}
        }
        List<String> list = new ArrayList<>(out);
        return list.size() > MAX_CHOICES ? list.subList(0, MAX_CHOICES) : list;
    }
}
