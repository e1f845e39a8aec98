package dev.driverlab.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.driverlab.engine.Command;
import dev.driverlab.engine.PollEvents;
import dev.driverlab.engine.Verb;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Each line of a script becomes its verb's typed command, checked once; a bad line names itself. */
class ScriptParserTests {
    private static Command one(String line) {
        return ScriptParser.parseLine("s", line, 7);
    }

    @Test
    void everyVerbParsesToItsOwnCommandType() {
        List<String> script = List.of(
                "insmod lab.ko debug=1 name=x",
                "rmmod lab",
                "bind d",
                "unbind d",
                "unplug d",
                "irq 17 cpu 1",
                "open /dev/x nonblock as a",
                "gpio 17 1",
                "read a 12",
                "write a \"hi\\n\"",
                "ioctl a _IO('k', 0)",
                "poll a 0 POLLIN|POLLOUT",
                "lseek a -3 SEEK_END",
                "close a",
                "kill a INT",
                "exit a",
                "cat /proc/x",
                "echo 1 2 > /sys/x",
                "tick 5",
                "grace-period",
                "break my_probe",
                "delete 12",
                "continue",
                "step irq17 3",
                "schedule manual",
                "lsmod",
                "dmesg");
        Set<Verb> seen = EnumSet.noneOf(Verb.class);
        for (String line : script) {
            Command c = one(line);
            assertThat(c.text()).isEqualTo(line);
            assertThat(c.line()).isEqualTo(7);
            assertThat(line.split(" ")[0]).isEqualTo(c.verb().word());
            seen.add(c.verb());
        }
        assertThat(seen).as("the test covers every verb").isEqualTo(EnumSet.allOf(Verb.class));
    }

    @Test
    void argumentsArriveTyped() {
        assertThat(one("insmod lab.ko debug=1 name=x"))
                .isEqualTo(new Command.Insmod(
                        new Command.Source(7, "insmod lab.ko debug=1 name=x"), "lab", List.of("debug=1", "name=x")));
        assertThat(((Command.Irq) one("irq 17")).cpu())
                .as("the machine chooses")
                .isNull();
        assertThat(((Command.Irq) one("irq 17 cpu 1")).cpu()).isEqualTo(1);
        Command.Open open = (Command.Open) one("open /dev/x nonblock as a");
        assertThat(open.path()).isEqualTo("/dev/x");
        assertThat(open.nonblock()).isTrue();
        assertThat(open.process()).isEqualTo("a");
        assertThat(((Command.Read) one("read a")).count()).isEqualTo(4096);
        assertThat(((Command.Write) one("write a   \"two  words\\n\"")).data()).isEqualTo("two  words\n");
        Command.Poll poll = (Command.Poll) one("poll a POLLOUT");
        assertThat(poll.timeoutMs()).isEqualTo(-1);
        assertThat(poll.events()).isEqualTo(PollEvents.parse("POLLOUT"));
        assertThat(((Command.Lseek) one("lseek a 10")).whence()).isEqualTo("SEEK_SET");
        assertThat(((Command.Kill) one("kill a")).number()).isEqualTo(15);
        assertThat(((Command.Kill) one("kill a SIGKILL")).number()).isEqualTo(9);
        Command.Echo echo = (Command.Echo) one("echo a > b > /sys/x");
        assertThat(echo.message()).isEqualTo("a > b");
        assertThat(echo.path()).isEqualTo("/sys/x");
        assertThat(((Command.Break) one("break 12")).at().line()).isEqualTo(12);
        assertThat(((Command.Break) one("break my_probe")).at().function()).isEqualTo("my_probe");
        assertThat(((Command.Continue) one("continue")).context()).isNull();
        assertThat(((Command.Step) one("step rmmod#2")).count()).isEqualTo(1);
        assertThat(((Command.Tick) one("tick")).jiffies()).isEqualTo(1);
        assertThat(((Command.Schedule) one("schedule auto")).manual()).isFalse();
        assertThat(((Command.Ioctl) one("ioctl a 0x5421 &1")).process()).isEqualTo("a");
    }

    @Test
    void aCommentStartsAtAHashThatBeginsAWord() {
        assertThat(ScriptParser.parse("s", "# setup\n\ninsmod lab # load it\nstep rmmod#2"))
                .extracting(Command::text)
                .containsExactly("insmod lab", "step rmmod#2");
    }

    @Test
    void badLinesNameThemselvesAndSayWhatIsWrong() {
        assertError("frobnicate x", "s:7: error: unknown command 'frobnicate' (commands: bind, break, cat,");
        assertError("rmmod", "s:7: error: usage: rmmod MODULE");
        assertError("irq 17 17", "s:7: error: usage: irq N [cpu C]");
        assertError("irq x", "s:7: error: IRQ number expected, got 'x'");
        assertError("open /dev/x for a", "s:7: error: usage: open PATH [nonblock] as NAME");
        assertError("kill a SIGHUP", "s:7: error: unknown signal 'SIGHUP' (SIGINT, SIGKILL, SIGTERM)");
        assertError("echo hello", "s:7: error: usage: echo TEXT > PATH");
        assertError("echo hello > two words", "s:7: error: usage: echo TEXT > PATH");
        assertError("poll a soon", "s:7: error: timeout in milliseconds expected, got 'soon'");
        assertError("lseek a x", "s:7: error: offset expected, got 'x'");
        assertError("lseek a 0 SEEK_HOLE", "s:7: error: usage: lseek NAME OFFSET [SEEK_SET|SEEK_CUR|SEEK_END]");
        assertError("break a.b", "s:7: error: 'a.b' is neither a function name nor a line number");
        assertError("schedule later", "s:7: error: usage: schedule manual|auto");
        assertError("step a 1e3", "s:7: error: step count expected, got '1e3'");
        assertError("ioctl a _IOR('k', 1)", "s:7: error: _IOR takes (type, nr, TYPE)");
    }

    private static void assertError(String line, String message) {
        assertThatThrownBy(() -> one(line))
                .isInstanceOf(ScenarioException.class)
                .hasMessageStartingWith(message);
    }
}
