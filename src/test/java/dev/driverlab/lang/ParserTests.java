package dev.driverlab.lang;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ParserTests {

    private static final Set<String> TYPES = Set.of("irqreturn_t", "u32", "bool", "size_t", "spinlock_t");

    static final String SEED = """
            #include <linux/module.h>
            #include <linux/platform_device.h>

            struct my_struct {
            	struct tasklet_struct tasklet;
            	int irq;
            	char name[16];
            	int (*op)(struct my_struct *, int);
            };

            static void tasklet_handler(unsigned long data)
            {
            	struct my_struct *ms = (struct my_struct *)data;
            	do_the_things_right(ms);
            }

            static irqreturn_t irq_handler(int irq, void *param)
            {
            	struct my_struct *ms = param;
            	\u2026
            	tasklet_schedule(&ms->tasklet);
            	return IRQ_HANDLED;
            }

            static int my_probe(struct platform_device *pdev)
            {
            	struct my_struct *ms;
            	int err;

            	ms = devm_kzalloc(&pdev->dev, sizeof(*ms), GFP_KERNEL);
            	if (!ms)
            		return -ENOMEM;
            	ms->irq = platform_get_irq(pdev, 0);
            	if (ms->irq < 0)
            		return ms->irq;
            	tasklet_init(&ms->tasklet, tasklet_handler, (unsigned long)ms);
            	err = devm_request_irq(&pdev->dev, ms->irq, irq_handler, 0, "my_device", ms);
            	if (err)
            		goto fail;
            	platform_set_drvdata(pdev, ms);
            	return 0;
            fail:
            	return err;
            }

            static int my_remove(struct platform_device *pdev)
            {
            	struct my_struct *ms = platform_get_drvdata(pdev);
            	...
            	tasklet_kill(&ms->tasklet);
            	return 0;
            }

            static struct platform_driver my_driver = {
            	.probe = my_probe,
            	.remove = my_remove,
            	.driver = {
            		.name = "my_device",
            	},
            };
            module_platform_driver(my_driver);
            MODULE_LICENSE("GPL");
            """;

    // ---------------------------------------------------------------- helpers

    private static TranslationUnit parse(String src) {
        return Parser.parse(new SourceFile("t.c", src), TYPES);
    }

    private static List<Decl> decls(String src) {
        return parse(src).decls();
    }

    @SuppressWarnings("unchecked")
    private static <T extends Decl> T only(String src, Class<T> type) {
        List<Decl> ds = decls(src);
        assertThat(ds).hasSize(1);
        assertThat(ds.get(0)).isInstanceOf(type);
        return (T) ds.get(0);
    }

    private static Decl.Function function(List<Decl> ds, String name) {
        return ds.stream()
                .filter(d -> d instanceof Decl.Function f && f.name().equals(name))
                .map(d -> (Decl.Function) d)
                .findFirst()
                .orElseThrow();
    }

    /** The statements of the body of {@code void f(void) { BODY }}. */
    private static List<Stmt> body(String body) {
        Decl.Function f = only("void f(void)\n{\n" + body + "\n}\n", Decl.Function.class);
        return f.body().body();
    }

    private static Stmt stmt(String stmt) {
        List<Stmt> ss = body(stmt);
        assertThat(ss).hasSize(1);
        return ss.get(0);
    }

    /** The expression statement {@code E;}, on line 3 of the file, column 1. */
    private static Expr expr(String e) {
        Stmt s = stmt(e + ";");
        assertThat(s).isInstanceOf(Stmt.ExprStmt.class);
        return ((Stmt.ExprStmt) s).expr();
    }

    private static String show(String e) {
        return show(expr(e));
    }

    private static List<String> errors(String src) {
        CompileException e = catchThrowableOfType(CompileException.class, () -> parse(src));
        if (e == null) {
            fail("expected a CompileException for:\n" + src);
        }
        return e.diagnostics().stream()
                .map(d -> d.line() + ":" + d.col() + ": " + d.message())
                .toList();
    }

    /** A compact Lisp-like rendering of an expression, without positions. */
    static String show(Expr e) {
        if (e == null) {
            return "null";
        }
        if (e instanceof Expr.IntLit n) {
            return Long.toString(n.value());
        }
        if (e instanceof Expr.StringLit s) {
            return '"' + s.value() + '"';
        }
        if (e instanceof Expr.Ident i) {
            return i.name();
        }
        if (e instanceof Expr.Unary u) {
            return "(" + u.op() + " " + show(u.operand()) + ")";
        }
        if (e instanceof Expr.Postfix p) {
            return "(post" + p.op() + " " + show(p.operand()) + ")";
        }
        if (e instanceof Expr.Binary b) {
            return "(" + b.op() + " " + show(b.left()) + " " + show(b.right()) + ")";
        }
        if (e instanceof Expr.Assign a) {
            return "(" + a.op() + " " + show(a.target()) + " " + show(a.value()) + ")";
        }
        if (e instanceof Expr.Conditional c) {
            return "(? " + show(c.cond()) + " " + show(c.then()) + " " + show(c.otherwise()) + ")";
        }
        if (e instanceof Expr.Call c) {
            return "(call " + show(c.callee())
                    + c.args().stream().map(a -> " " + show(a)).collect(Collectors.joining()) + ")";
        }
        if (e instanceof Expr.Member m) {
            return "(" + (m.arrow() ? "->" : ".") + " " + show(m.object()) + " " + m.field() + ")";
        }
        if (e instanceof Expr.Index i) {
            return "([] " + show(i.array()) + " " + show(i.index()) + ")";
        }
        if (e instanceof Expr.Cast c) {
            return "(cast " + show(c.type()) + " " + show(c.operand()) + ")";
        }
        if (e instanceof Expr.SizeofType s) {
            return "(sizeof-type " + show(s.type()) + ")";
        }
        if (e instanceof Expr.SizeofExpr s) {
            return "(sizeof " + show(s.operand()) + ")";
        }
        if (e instanceof Expr.ContainerOf c) {
            return "(container_of " + show(c.ptr()) + " " + show(c.type()) + " " + c.member() + ")";
        }
        if (e instanceof Expr.InitList l) {
            return "{" + l.items().stream().map(ParserTests::show).collect(Collectors.joining(", ")) + "}";
        }
        throw new AssertionError(e);
    }

    static String show(Expr.InitItem item) {
        String designator = item.field() != null
                ? "." + item.field() + "="
                : item.index() != null ? "[" + show(item.index()) + "]=" : "";
        return designator + show(item.value());
    }

    /** Types read inside out: {@code int(struct s*, int)*} is a pointer to a function. */
    static String show(TypeRef t) {
        if (t instanceof TypeRef.Named n) {
            return n.name();
        }
        if (t instanceof TypeRef.Struct s) {
            return (s.union() ? "union " : "struct ") + s.tag();
        }
        if (t instanceof TypeRef.Enum e) {
            return "enum " + e.tag();
        }
        if (t instanceof TypeRef.Pointer p) {
            return show(p.target()) + "*";
        }
        if (t instanceof TypeRef.Array a) {
            return show(a.element()) + "[" + (a.length() == null ? "" : show(a.length())) + "]";
        }
        if (t instanceof TypeRef.Function f) {
            List<String> ps =
                    new ArrayList<>(f.params().stream().map(ParserTests::show).toList());
            if (f.variadic()) {
                ps.add("...");
            }
            return show(f.returns()) + "(" + String.join(", ", ps) + ")";
        }
        throw new AssertionError(t);
    }

    static String show(Param p) {
        return show(p.type()) + (p.name() == null ? "" : " " + p.name());
    }

    private static List<String> fields(Decl.StructDef s) {
        return s.fields().stream().map(f -> show(f.type()) + " " + f.name()).toList();
    }

    // ---------------------------------------------------------------- the seed

    @Test
    void seedDriverParses() {
        TranslationUnit tu = Parser.parse(new SourceFile("seed.c", SEED), Set.of("irqreturn_t", "u32", "bool"));
        List<Decl> ds = tu.decls();
        assertThat(ds.stream().map(d -> d.getClass().getSimpleName()))
                .containsExactly(
                        "StructDef",
                        "Function",
                        "Function",
                        "Function",
                        "Function",
                        "GlobalVar",
                        "MacroCall",
                        "MacroCall");

        Decl.StructDef s = (Decl.StructDef) ds.get(0);
        assertThat(s.tag()).isEqualTo("my_struct");
        assertThat(s.pos()).isEqualTo(new Pos(4, 8));
        assertThat(fields(s))
                .containsExactly(
                        "struct tasklet_struct tasklet", "int irq", "char[16] name", "int(struct my_struct*, int)* op");

        Decl.Function handler = function(ds, "tasklet_handler");
        assertThat(handler.isStatic()).isTrue();
        assertThat(show(handler.returns())).isEqualTo("void");
        assertThat(handler.params().stream().map(ParserTests::show)).containsExactly("unsigned long data");
        Stmt.Local local = (Stmt.Local) handler.body().body().get(0);
        assertThat(show(local.vars().get(0).type())).isEqualTo("struct my_struct*");
        assertThat(show(local.vars().get(0).init())).isEqualTo("(cast struct my_struct* data)");

        Decl.Function irq = function(ds, "irq_handler");
        assertThat(show(irq.returns())).isEqualTo("irqreturn_t");
        assertThat(irq.body().body().get(1)).isEqualTo(new Stmt.Empty(true, new Pos(20, 2)));
        assertThat(irq.body().body().get(3)).isInstanceOf(Stmt.Return.class);

        Decl.Function probe = function(ds, "my_probe");
        List<Stmt> pb = probe.body().body();
        assertThat(show(((Stmt.ExprStmt) pb.get(2)).expr()))
                .isEqualTo("(= ms (call devm_kzalloc (& (-> pdev dev)) (sizeof (* ms)) GFP_KERNEL))");
        Stmt.If ifNotMs = (Stmt.If) pb.get(3);
        assertThat(show(ifNotMs.cond())).isEqualTo("(! ms)");
        assertThat(show(((Stmt.Return) ifNotMs.then()).value())).isEqualTo("(- ENOMEM)");
        assertThat(show(((Stmt.ExprStmt) pb.get(6)).expr()))
                .isEqualTo("(call tasklet_init (& (-> ms tasklet)) tasklet_handler (cast unsigned long ms))");
        Stmt.If ifErr = (Stmt.If) pb.get(8);
        assertThat(ifErr.then()).isEqualTo(new Stmt.Goto("fail", new Pos(39, 3)));
        Stmt.Labeled fail = (Stmt.Labeled) pb.get(pb.size() - 1);
        assertThat(fail.label()).isEqualTo("fail");
        assertThat(fail.pos()).isEqualTo(new Pos(42, 1));
        assertThat(fail.body()).isInstanceOf(Stmt.Return.class);

        Decl.Function remove = function(ds, "my_remove");
        assertThat(remove.body().body().get(1)).isEqualTo(new Stmt.Empty(true, new Pos(49, 2)));

        Decl.GlobalVar driver = (Decl.GlobalVar) ds.get(5);
        assertThat(driver.name()).isEqualTo("my_driver");
        assertThat(driver.isStatic()).isTrue();
        assertThat(show(driver.type())).isEqualTo("struct platform_driver");
        assertThat(show(driver.init()))
                .isEqualTo("{.probe=my_probe, .remove=my_remove, .driver={.name=\"my_device\"}}");

        assertThat(ds.get(6))
                .isEqualTo(new Decl.MacroCall(
                        "module_platform_driver",
                        List.of(new Expr.Ident("my_driver", new Pos(61, 24))),
                        new Pos(61, 1)));
        Decl.MacroCall license = (Decl.MacroCall) ds.get(7);
        assertThat(license.name()).isEqualTo("MODULE_LICENSE");
        assertThat(show(license.args().get(0))).isEqualTo("\"GPL\"");
    }

    @Test
    void emptyAndCommentOnlyFilesHaveNoDeclarations() {
        assertThat(decls("")).isEmpty();
        assertThat(decls("// nothing\n#include <x.h>\n;;\n")).isEmpty();
    }

    @Test
    void theTypeNameSetPassedInIsNotModified() {
        Set<String> names = Set.of("u32"); // immutable: typedefs must go to a copy
        TranslationUnit tu = Parser.parse(new SourceFile("t.c", "typedef u32 myint; myint x;"), names);
        assertThat(tu.decls()).hasSize(2);
        assertThat(names).containsExactly("u32");
    }

    // ---------------------------------------------------------------- structs, unions, enums, typedefs

    @Test
    void structFieldsOfEveryShape() {
        List<Decl> ds = decls("""
                struct dev {
                	unsigned long flags;
                	int a, *b, c[4];
                	char name[16];
                	struct tasklet_struct tasklet;
                	struct list_head *next;
                	int (*probe)(struct platform_device *);
                	void (*cb)(void);
                	const char * const label;
                	void __iomem *base;
                	u32 bits : 3;
                	\u2026
                	...
                	spinlock_t lock;
                };
                """);
        Decl.StructDef s = (Decl.StructDef) ds.get(0);
        assertThat(s.union()).isFalse();
        assertThat(fields(s))
                .containsExactly(
                        "unsigned long flags",
                        "int a",
                        "int* b",
                        "int[4] c",
                        "char[16] name",
                        "struct tasklet_struct tasklet",
                        "struct list_head* next",
                        "int(struct platform_device*)* probe",
                        "void()* cb",
                        "char* label",
                        "void* base",
                        "u32 bits",
                        "spinlock_t lock");
        assertThat(s.fields().get(1).pos()).isEqualTo(new Pos(3, 6));
    }

    @Test
    void unionsNestedAndAnonymousMembers() {
        List<Decl> ds = decls("""
                union u { int i; char c[4]; };
                struct outer {
                	struct inner { int x; } in;
                	union { int raw; u32 word; };
                	struct { int w, h; } size;
                };
                """);
        assertThat(ds).hasSize(4);
        assertThat(((Decl.StructDef) ds.get(0)).union()).isTrue();
        assertThat(((Decl.StructDef) ds.get(1)).tag()).isEqualTo("inner");
        Decl.StructDef anon = (Decl.StructDef) ds.get(2);
        assertThat(anon.tag()).isEqualTo("__anon_5_2");
        assertThat(fields(anon)).containsExactly("int w", "int h");
        Decl.StructDef outer = (Decl.StructDef) ds.get(3);
        assertThat(fields(outer)).containsExactly("struct inner in", "int raw", "u32 word", "struct __anon_5_2 size");
    }

    @Test
    void forwardDeclarationEmitsNothing() {
        assertThat(decls("struct foo;\nunion bar;")).isEmpty();
    }

    @Test
    void emptyStruct() {
        Decl.StructDef s = only("struct empty {};", Decl.StructDef.class);
        assertThat(s.fields()).isEmpty();
    }

    @Test
    void enumDefinitions() {
        List<Decl> ds = decls("enum x { A, B = 3, C = B << 1, };\nenum { D };\nenum state s;");
        Decl.EnumDef x = (Decl.EnumDef) ds.get(0);
        assertThat(x.tag()).isEqualTo("x");
        assertThat(x.values().stream().map(v -> v.name() + "=" + show(v.value())))
                .containsExactly("A=null", "B=3", "C=(<< B 1)");
        assertThat(x.values().get(1).pos()).isEqualTo(new Pos(1, 13));
        Decl.EnumDef anon = (Decl.EnumDef) ds.get(1);
        assertThat(anon.tag()).isNull();
        assertThat(anon.values()).extracting(Decl.Enumerator::name).containsExactly("D");
        assertThat(show(((Decl.GlobalVar) ds.get(2)).type())).isEqualTo("enum state");
    }

    @Test
    void typedefsOfFunctionPointersAndAnonymousStructs() {
        List<Decl> ds = decls("""
                typedef int (*irq_handler_t)(int, void *);
                typedef struct { int counter; } atomic_t;
                typedef unsigned long ulong_t, *ulong_p;
                typedef enum { OFF, ON } power_t;
                atomic_t refs;
                irq_handler_t handler;
                ulong_p up;
                """);
        assertThat(ds.stream().map(d -> d.getClass().getSimpleName()))
                .containsExactly(
                        "Typedef",
                        "StructDef",
                        "Typedef",
                        "Typedef",
                        "Typedef",
                        "EnumDef",
                        "Typedef",
                        "GlobalVar",
                        "GlobalVar",
                        "GlobalVar");
        Decl.Typedef irq = (Decl.Typedef) ds.get(0);
        assertThat(irq.name()).isEqualTo("irq_handler_t");
        assertThat(show(irq.type())).isEqualTo("int(int, void*)*");
        assertThat(irq.pos()).isEqualTo(new Pos(1, 15));
        Decl.StructDef atomic = (Decl.StructDef) ds.get(1);
        assertThat(atomic.tag()).isEqualTo("atomic_t");
        assertThat(fields(atomic)).containsExactly("int counter");
        assertThat(show(((Decl.Typedef) ds.get(2)).type())).isEqualTo("struct atomic_t");
        assertThat(show(((Decl.Typedef) ds.get(4)).type())).isEqualTo("unsigned long*");
        assertThat(((Decl.EnumDef) ds.get(5)).tag()).isEqualTo("power_t");
        assertThat(show(((Decl.GlobalVar) ds.get(7)).type())).isEqualTo("atomic_t");
        assertThat(show(((Decl.GlobalVar) ds.get(8)).type())).isEqualTo("irq_handler_t");
    }

    @Test
    void aTypedefNameBecomesUsableInCastsAndSizeof() {
        List<Decl> ds = decls("typedef struct foo foo_t;\nint f(void *p) { return sizeof(foo_t) + ((foo_t *)p)->x; }");
        Stmt.Return r = (Stmt.Return) function(ds, "f").body().body().get(0);
        assertThat(show(r.value())).isEqualTo("(+ (sizeof-type foo_t) (-> (cast foo_t* p) x))");
    }

    @Test
    void structDefinitionWithADeclarator() {
        List<Decl> ds = decls("struct point { int x, y; } origin = { 0, 0 }, *cursor;");
        assertThat(ds).hasSize(3);
        assertThat(((Decl.StructDef) ds.get(0)).tag()).isEqualTo("point");
        Decl.GlobalVar origin = (Decl.GlobalVar) ds.get(1);
        assertThat(show(origin.type())).isEqualTo("struct point");
        assertThat(show(origin.init())).isEqualTo("{0, 0}");
        assertThat(show(((Decl.GlobalVar) ds.get(2)).type())).isEqualTo("struct point*");
    }

    // ---------------------------------------------------------------- globals and initializers

    @Test
    void designatedInitializersNestedTwoDeep() {
        Decl.GlobalVar v = only("""
                static struct platform_driver my_driver = {
                	.probe = my_probe,
                	.remove = my_remove,
                	.driver = {
                		.name = "my_device",
                		.owner = THIS_MODULE,
                		.pm = { .suspend = s, .resume = r, },
                	},
                };
                """, Decl.GlobalVar.class);
        assertThat(show(v.init()))
                .isEqualTo("{.probe=my_probe, .remove=my_remove, "
                        + ".driver={.name=\"my_device\", .owner=THIS_MODULE, .pm={.suspend=s, .resume=r}}}");
        Expr.InitList list = (Expr.InitList) v.init();
        assertThat(list.pos()).isEqualTo(new Pos(1, 43));
        assertThat(list.items().get(2).pos()).isEqualTo(new Pos(4, 2));
    }

    @Test
    void arrayDesignatorsPositionalItemsAndTrailingCommas() {
        Decl.GlobalVar v = only("int table[8] = { [0] = 1, [2 + 1] = 4, 5, };", Decl.GlobalVar.class);
        assertThat(show(v.type())).isEqualTo("int[8]");
        assertThat(show(v.init())).isEqualTo("{[0]=1, [(+ 2 1)]=4, 5}");
        Decl.GlobalVar ids = only("""
                static const struct of_device_id ids[] = {
                	{ .compatible = "vendor,dev" },
                	{ }
                };""", Decl.GlobalVar.class);
        assertThat(show(ids.type())).isEqualTo("struct of_device_id[]");
        assertThat(show(ids.init())).isEqualTo("{{.compatible=\"vendor,dev\"}, {}}");
    }

    @Test
    void chainedDesignatorsNestAndMerge() {
        Decl.GlobalVar v = only(
                "struct d x = { .driver.name = \"n\", .id = 1, .driver.owner = THIS_MODULE };", Decl.GlobalVar.class);
        assertThat(show(v.init())).isEqualTo("{.driver={.name=\"n\", .owner=THIS_MODULE}, .id=1}");
    }

    @Test
    void globalsRecordStaticAndExtern() {
        List<Decl> ds = decls("static int a = 1;\nextern int b;\nint c, *d = &c;\nchar buf[] = \"hi\";");
        Decl.GlobalVar a = (Decl.GlobalVar) ds.get(0);
        assertThat(a.isStatic()).isTrue();
        assertThat(a.isExtern()).isFalse();
        assertThat(a.pos()).isEqualTo(new Pos(1, 12));
        Decl.GlobalVar b = (Decl.GlobalVar) ds.get(1);
        assertThat(b.isExtern()).isTrue();
        assertThat(b.init()).isNull();
        assertThat(show(((Decl.GlobalVar) ds.get(3)).init())).isEqualTo("(& c)");
        Decl.GlobalVar buf = (Decl.GlobalVar) ds.get(4);
        assertThat(show(buf.type())).isEqualTo("char[]");
        assertThat(show(buf.init())).isEqualTo("\"hi\"");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "unsigned long x;       | unsigned long",
                "unsigned long int x;   | unsigned long",
                "long unsigned x;       | unsigned long",
                "long long x;           | long long",
                "long long int x;       | long long",
                "unsigned long long x;  | unsigned long long",
                "unsigned x;            | unsigned int",
                "unsigned int x;        | unsigned int",
                "unsigned char x;       | unsigned char",
                "signed char x;         | signed char",
                "char x;                | char",
                "short x;               | short",
                "short int x;           | short",
                "unsigned short x;      | unsigned short",
                "long x;                | long",
                "long int x;            | long",
                "signed x;              | int",
                "int x;                 | int",
                "_Bool x;               | bool",
                "bool x;                | bool",
                "const volatile int x;  | int",
                "u32 x;                 | u32",
            })
    void scalarTypesAreNormalised(String decl, String expected) {
        Decl.GlobalVar v = only(decl, Decl.GlobalVar.class);
        assertThat(show(v.type())).isEqualTo(expected);
    }

    @Test
    void ignoredQualifiersAndAttributes() {
        List<Decl> ds = decls("""
                static int __init my_init(void) { return 0; }
                static void __exit my_exit(void) { }
                static int __read_mostly debug __maybe_unused = 1;
                static inline __must_check int g(const char __user *buf, void __iomem *base);
                struct regs { u32 a; } __attribute__((packed, aligned(4)));
                static noinline void h(void) __attribute__((unused));
                static DEFINE_MUTEX(lock);
                """);
        Decl.Function init = function(ds, "my_init");
        assertThat(init.isStatic()).isTrue();
        assertThat(init.params()).isEmpty();
        assertThat(init.variadic()).isFalse();
        Decl.GlobalVar debug = (Decl.GlobalVar) ds.get(2);
        assertThat(debug.name()).isEqualTo("debug");
        assertThat(show(debug.init())).isEqualTo("1");
        Decl.Function g = function(ds, "g");
        assertThat(g.body()).isNull();
        assertThat(g.params().stream().map(ParserTests::show)).containsExactly("char* buf", "void* base");
        assertThat(ds.get(4)).isInstanceOf(Decl.StructDef.class);
        assertThat(function(ds, "h").body()).isNull();
        assertThat(((Decl.MacroCall) ds.get(6)).name()).isEqualTo("DEFINE_MUTEX");
    }

    @Test
    void gccsOtherSpellingsOfInlineMakeAnInlineFunction() {
        List<Decl> ds = decls("""
                static __always_inline int a(void) { return 0; }
                static __inline__ int b(void) { return 0; }
                static __inline int c(void) { return 0; }
                static inline int d(void) { return 0; }
                static noinline int e(void) { return 0; }
                """);
        assertThat(List.of("a", "b", "c", "d", "e"))
                .map(n -> function(ds, n).isInline())
                .containsExactly(true, true, true, true, false);
    }

    // ---------------------------------------------------------------- functions

    @Test
    void functionDefinitionsAndPrototypes() {
        List<Decl> ds = decls("""
                int a(void);
                int b();
                void c(int, char *);
                int printk(const char *fmt, ...);
                void d(\u2026);
                void e(...);
                static long f(struct file *filp, unsigned int cmd, unsigned long arg) { return 0; }
                void g(void (*cb)(int), int arr[], int m[2][3]);
                struct my_struct *get(void);
                """);
        assertThat(ds).hasSize(9);
        Decl.Function a = function(ds, "a");
        assertThat(a.body()).isNull();
        assertThat(a.params()).isEmpty();
        assertThat(a.isStatic()).isFalse();
        assertThat(a.pos()).isEqualTo(new Pos(1, 5));
        assertThat(function(ds, "b").params()).isEmpty();
        Decl.Function c = function(ds, "c");
        assertThat(c.params()).extracting(Param::name).containsExactly(null, null);
        assertThat(c.params().get(1).pos()).isEqualTo(new Pos(3, 13));
        Decl.Function printk = function(ds, "printk");
        assertThat(printk.variadic()).isTrue();
        assertThat(printk.params()).hasSize(1);
        Decl.Function d = function(ds, "d");
        assertThat(d.variadic()).isTrue();
        assertThat(d.params()).isEmpty();
        assertThat(function(ds, "e").variadic()).isTrue();
        Decl.Function f = function(ds, "f");
        assertThat(f.isStatic()).isTrue();
        assertThat(f.body().body()).hasSize(1);
        assertThat(f.params().stream().map(ParserTests::show))
                .containsExactly("struct file* filp", "unsigned int cmd", "unsigned long arg");
        assertThat(function(ds, "g").params().stream().map(ParserTests::show))
                .containsExactly("void(int)* cb", "int[] arr", "int[3][2] m");
        assertThat(show(function(ds, "get").returns())).isEqualTo("struct my_struct*");
    }

    // ---------------------------------------------------------------- declaration macros

    @Test
    void topLevelDeclarationMacros() {
        List<Decl> ds = decls("""
                module_init(my_init);
                module_exit(my_exit)
                MODULE_AUTHOR("a" "b");
                MODULE_DESCRIPTION("d");
                DECLARE_WAIT_QUEUE_HEAD(wq);
                DECLARE_TASKLET(t, fn);
                EXPORT_SYMBOL(x);
                module_param(debug, bool, 0644);
                MODULE_PARM_DESC(debug, "turn on debugging");
                """);
        assertThat(ds).allMatch(d -> d instanceof Decl.MacroCall);
        List<String> shown = ds.stream()
                .map(d -> (Decl.MacroCall) d)
                .map(m -> m.name() + m.args().stream().map(ParserTests::show).toList())
                .toList();
        assertThat(shown)
                .containsExactly(
                        "module_init[my_init]",
                        "module_exit[my_exit]",
                        "MODULE_AUTHOR[\"ab\"]",
                        "MODULE_DESCRIPTION[\"d\"]",
                        "DECLARE_WAIT_QUEUE_HEAD[wq]",
                        "DECLARE_TASKLET[t, fn]",
                        "EXPORT_SYMBOL[x]",
                        "module_param[debug, bool, 420]",
                        "MODULE_PARM_DESC[debug, \"turn on debugging\"]");
        assertThat(ds.get(1).pos()).isEqualTo(new Pos(2, 1));
    }

    // ---------------------------------------------------------------- #define constants

    @Test
    void definesAreExpandedWhereTheyAreUsed() {
        List<Decl> ds = decls("""
                #define BUF_SIZE 64
                #define MASK (1UL << 4 | 0x3)
                #define TWICE(x) ((x) * 2)
                #define ALIAS BUF_SIZE
                int a[ALIAS];
                int f(void)
                {
                #define INSIDE 7
                	return TWICE(INSIDE) + MASK;
                }
                """);
        assertThat(ds).hasSize(2); // a #define is no declaration
        Decl.GlobalVar a = (Decl.GlobalVar) ds.get(0);
        assertThat(((TypeRef.Array) a.type()).length()).isInstanceOf(Expr.IntLit.class);
        Stmt.Return ret =
                (Stmt.Return) ((Decl.Function) ds.get(1)).body().body().get(0);
        assertThat(show(ret.value())).isEqualTo("(+ (* 7 2) (| (<< 1 4) 3))");
    }

    // ---------------------------------------------------------------- statements

    @Test
    void localDeclarations() {
        List<Stmt> ss = body("""
                int a = 1, *b, c[3] = { 1, 2, 3 };
                struct my_struct *ms = param;
                unsigned long flags;
                struct cfg cfg = { .mode = 1 };
                static int calls;
                u32 val;
                """);
        Stmt.Local first = (Stmt.Local) ss.get(0);
        assertThat(first.pos()).isEqualTo(new Pos(3, 1));
        assertThat(first.vars().stream().map(v -> show(v.type()) + " " + v.name() + "=" + show(v.init())))
                .containsExactly("int a=1", "int* b=null", "int[3] c={1, 2, 3}");
        assertThat(first.vars().get(1).pos()).isEqualTo(new Pos(3, 13));
        assertThat(((Stmt.Local) ss.get(3)).vars().get(0).init()).isInstanceOf(Expr.InitList.class);
        assertThat(ss).hasSize(6).allMatch(s -> s instanceof Stmt.Local);
    }

    @Test
    void localTypedefsAndPrototypesGoToTopLevel() {
        List<Decl> ds = decls("void f(void)\n{\n\ttypedef int num;\n\tnum n;\n\textern int g;\n\tint helper(int);\n}");
        assertThat(ds.stream().map(d -> d.getClass().getSimpleName()))
                .containsExactly("Typedef", "GlobalVar", "Function", "Function");
        Decl.Function f = function(ds, "f");
        assertThat(f.body().body().stream().map(s -> s.getClass().getSimpleName()))
                .containsExactly("Empty", "Local", "Empty", "Empty");
    }

    @Test
    void ifElseChains() {
        Stmt.If s = (Stmt.If) stmt("if (a) x(); else if (b) { y(); } else z();");
        assertThat(show(s.cond())).isEqualTo("a");
        assertThat(s.then()).isInstanceOf(Stmt.ExprStmt.class);
        Stmt.If inner = (Stmt.If) s.otherwise();
        assertThat(inner.then()).isInstanceOf(Stmt.Block.class);
        assertThat(inner.otherwise()).isInstanceOf(Stmt.ExprStmt.class);
        Stmt.If dangling = (Stmt.If) stmt("if (a) if (b) x(); else y();");
        assertThat(dangling.otherwise()).isNull();
        assertThat(((Stmt.If) dangling.then()).otherwise()).isNotNull();
    }

    @Test
    void loops() {
        List<Stmt> ss = body("""
                while (i < n) i++;
                do { i--; } while (i > 0);
                for (i = 0; i < n; i++) continue;
                for (int j = 0, k = 1; j < k; j++, k--) { break; }
                for (;;) ;
                """);
        Stmt.While w = (Stmt.While) ss.get(0);
        assertThat(show(w.cond())).isEqualTo("(< i n)");
        Stmt.DoWhile dw = (Stmt.DoWhile) ss.get(1);
        assertThat(dw.body()).isInstanceOf(Stmt.Block.class);
        assertThat(show(dw.cond())).isEqualTo("(> i 0)");
        Stmt.For f1 = (Stmt.For) ss.get(2);
        assertThat(f1.init()).isInstanceOf(Stmt.ExprStmt.class);
        assertThat(show(f1.update())).isEqualTo("(post++ i)");
        assertThat(f1.body()).isInstanceOf(Stmt.Continue.class);
        Stmt.For f2 = (Stmt.For) ss.get(3);
        assertThat(((Stmt.Local) f2.init()).vars()).hasSize(2);
        assertThat(show(f2.update())).isEqualTo("(, (post++ j) (post-- k))");
        Stmt.For f3 = (Stmt.For) ss.get(4);
        assertThat(f3.init()).isNull();
        assertThat(f3.cond()).isNull();
        assertThat(f3.update()).isNull();
        assertThat(f3.body()).isEqualTo(new Stmt.Empty(false, new Pos(7, 10)));
    }

    @Test
    void switchWithCaseAndDefaultAsStatements() {
        Stmt.Switch s = (Stmt.Switch) stmt("""
                switch (cmd) {
                case CMD_A:
                case 'b':
                	x = 1;
                	break;
                	fallthrough;
                default:
                	x = 2;
                }""");
        assertThat(show(s.value())).isEqualTo("cmd");
        List<Stmt> body = ((Stmt.Block) s.body()).body();
        assertThat(body.stream().map(st -> st.getClass().getSimpleName()))
                .containsExactly("Case", "Case", "ExprStmt", "Break", "Empty", "Default", "ExprStmt");
        assertThat(show(((Stmt.Case) body.get(1)).value())).isEqualTo("98");
        assertThat(body.get(0).pos()).isEqualTo(new Pos(4, 1));
        assertThat(body.get(4)).isEqualTo(new Stmt.Empty(false, new Pos(8, 2)));
        assertThat(body.get(5)).isEqualTo(new Stmt.Default(new Pos(9, 1)));
    }

    @Test
    void jumpsAndReturns() {
        List<Stmt> ss = body("return;\nreturn -EINVAL;\ngoto out_free;\n");
        assertThat(ss.get(0)).isEqualTo(new Stmt.Return(null, new Pos(3, 1)));
        assertThat(show(((Stmt.Return) ss.get(1)).value())).isEqualTo("(- EINVAL)");
        assertThat(ss.get(2)).isEqualTo(new Stmt.Goto("out_free", new Pos(5, 1)));
    }

    @Test
    void gotoErrorPathsWithLabels() {
        List<Stmt> ss = body("""
                	p = kzalloc(size, GFP_KERNEL);
                	if (!p)
                		goto out;
                	err = register_thing(p);
                	if (err)
                		goto out_free;
                	return 0;
                out_free:
                	kfree(p);
                out:
                	return err;
                done:
                """);
        Stmt.Labeled outFree = (Stmt.Labeled) ss.get(5);
        assertThat(outFree.label()).isEqualTo("out_free");
        assertThat(show(((Stmt.ExprStmt) outFree.body()).expr())).isEqualTo("(call kfree p)");
        Stmt.Labeled out = (Stmt.Labeled) ss.get(6);
        assertThat(out.body()).isInstanceOf(Stmt.Return.class);
        Stmt.Labeled done = (Stmt.Labeled) ss.get(7);
        assertThat(done.body()).isEqualTo(new Stmt.Empty(false, new Pos(16, 1)));
        assertThat(done.pos()).isEqualTo(new Pos(14, 1));
    }

    @Test
    void emptyStatementsAndElisions() {
        List<Stmt> ss = body(";\n\u2026\n...\n\u2026;\n...;\n{ }");
        assertThat(ss)
                .containsExactly(
                        new Stmt.Empty(false, new Pos(3, 1)),
                        new Stmt.Empty(true, new Pos(4, 1)),
                        new Stmt.Empty(true, new Pos(5, 1)),
                        new Stmt.Empty(true, new Pos(6, 1)),
                        new Stmt.Empty(true, new Pos(7, 1)),
                        new Stmt.Block(List.of(), new Pos(8, 1)));
    }

    // ---------------------------------------------------------------- expressions

    @Test
    void precedenceFollowsC() {
        assertThat(show("a + b * c")).isEqualTo("(+ a (* b c))");
        assertThat(show("a * b + c")).isEqualTo("(+ (* a b) c)");
        assertThat(show("a - b - c")).isEqualTo("(- (- a b) c)");
        assertThat(show("a / b % c")).isEqualTo("(% (/ a b) c)");
        assertThat(show("a << 1 + b")).isEqualTo("(<< a (+ 1 b))");
        assertThat(show("a < b == c > d")).isEqualTo("(== (< a b) (> c d))");
        assertThat(show("a & b == c")).isEqualTo("(& a (== b c))");
        assertThat(show("a | b ^ c & d")).isEqualTo("(| a (^ b (& c d)))");
        assertThat(show("a || b && c | d")).isEqualTo("(|| a (&& b (| c d)))");
        assertThat(show("a && b || c && d")).isEqualTo("(|| (&& a b) (&& c d))");
        assertThat(show("a ? b : c ? d : e")).isEqualTo("(? a b (? c d e))");
        assertThat(show("a = b ? c : d")).isEqualTo("(= a (? b c d))");
        assertThat(show("a = b = c")).isEqualTo("(= a (= b c))");
        assertThat(show("a += b -= c")).isEqualTo("(+= a (-= b c))");
        assertThat(show("a = 1, b = 2, c")).isEqualTo("(, (, (= a 1) (= b 2)) c)");
        assertThat(show("x >= 1 && x <= 9 || x != 0")).isEqualTo("(|| (&& (>= x 1) (<= x 9)) (!= x 0))");
        assertThat(show("(a + b) * c")).isEqualTo("(* (+ a b) c)");
    }

    @Test
    void everyCompoundAssignment() {
        for (String op : List.of("=", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "<<=", ">>=")) {
            assertThat(show("x " + op + " 1")).isEqualTo("(" + op + " x 1)");
        }
    }

    @Test
    void unaryAndPostfixOperators() {
        assertThat(show("-a")).isEqualTo("(- a)");
        assertThat(show("+a")).isEqualTo("(+ a)");
        assertThat(show("!a")).isEqualTo("(! a)");
        assertThat(show("~a")).isEqualTo("(~ a)");
        assertThat(show("*p")).isEqualTo("(* p)");
        assertThat(show("&x")).isEqualTo("(& x)");
        assertThat(show("++i")).isEqualTo("(++ i)");
        assertThat(show("--i")).isEqualTo("(-- i)");
        assertThat(show("i++")).isEqualTo("(post++ i)");
        assertThat(show("i--")).isEqualTo("(post-- i)");
        assertThat(show("-*p++")).isEqualTo("(- (* (post++ p)))");
        assertThat(show("!!x")).isEqualTo("(! (! x))");
        assertThat(show("&ms->tasklet")).isEqualTo("(& (-> ms tasklet))");
        assertThat(show("*a[1]")).isEqualTo("(* ([] a 1))");
        assertThat(show("a - -b")).isEqualTo("(- a (- b))");
    }

    @Test
    void postfixChains() {
        assertThat(show("f(a, b)(c)")).isEqualTo("(call (call f a b) c)");
        assertThat(show("f()")).isEqualTo("(call f)");
        assertThat(show("a.b->c[i].d")).isEqualTo("(. ([] (-> (. a b) c) i) d)");
        assertThat(show("ops->probe(pdev)")).isEqualTo("(call (-> ops probe) pdev)");
        assertThat(show("(*fp)(1)")).isEqualTo("(call (* fp) 1)");
        assertThat(show("f(a = 1, (b, c))")).isEqualTo("(call f (= a 1) (, b c))");
    }

    @Test
    void castsAndSizeof() {
        assertThat(show("(struct my_struct *)data")).isEqualTo("(cast struct my_struct* data)");
        assertThat(show("(unsigned long)ms")).isEqualTo("(cast unsigned long ms)");
        assertThat(show("(u32)x + 1")).isEqualTo("(+ (cast u32 x) 1)");
        assertThat(show("(void **)&p")).isEqualTo("(cast void** (& p))");
        assertThat(show("(const char *)buf")).isEqualTo("(cast char* buf)");
        assertThat(show("(union u *)p")).isEqualTo("(cast union u* p)");
        assertThat(show("(enum state)1")).isEqualTo("(cast enum state 1)");
        assertThat(show("(bool)(a & b)")).isEqualTo("(cast bool (& a b))");
        assertThat(show("(int)-1")).isEqualTo("(cast int (- 1))");
        assertThat(show("(void (*)(int))fn")).isEqualTo("(cast void(int)* fn)");
        assertThat(show("(x)")).isEqualTo("x");
        assertThat(show("(x) - 1")).isEqualTo("(- x 1)");
        assertThat(show("sizeof(*ms)")).isEqualTo("(sizeof (* ms))");
        assertThat(show("sizeof(struct x)")).isEqualTo("(sizeof-type struct x)");
        assertThat(show("sizeof x")).isEqualTo("(sizeof x)");
        assertThat(show("sizeof(int)")).isEqualTo("(sizeof-type int)");
        assertThat(show("sizeof(u32 *)")).isEqualTo("(sizeof-type u32*)");
        assertThat(show("sizeof(buf) / sizeof(buf[0])")).isEqualTo("(/ (sizeof buf) (sizeof ([] buf 0)))");
        assertThat(show("sizeof(unsigned long long)")).isEqualTo("(sizeof-type unsigned long long)");
    }

    @Test
    void containerOfAndOffsetof() {
        assertThat(show("container_of(t, struct my_struct, tasklet)"))
                .isEqualTo("(container_of t struct my_struct tasklet)");
        assertThat(show("container_of(work, struct my_dev, dwork.work)"))
                .isEqualTo("(container_of work struct my_dev dwork.work)");
        assertThat(show("offsetof(struct my_struct, irq)")).isEqualTo("(container_of null struct my_struct irq)");
        Expr.Assign a = (Expr.Assign) expr("ms = container_of(t, struct s, f)");
        assertThat(a.value()).isInstanceOf(Expr.ContainerOf.class);
        assertThat(a.value().pos()).isEqualTo(new Pos(3, 6));
    }

    @Test
    void literals() {
        assertThat(show("0x10 + 010 + 'a' + '\\n' + '\\0' + '\\x41' + 10UL"))
                .isEqualTo("(+ (+ (+ (+ (+ (+ 16 8) 97) 10) 0) 65) 10)");
        Expr s = expr("\"my_\" \"dev\"\n\t\"ice\\n\"");
        assertThat(s).isEqualTo(new Expr.StringLit("my_device\n", new Pos(3, 1)));
    }

    @Test
    void positionsOfOperatorsAndOperands() {
        Expr.Assign a = (Expr.Assign) expr("err = f(&pdev->dev, a[i] + 1)");
        assertThat(a.pos()).isEqualTo(new Pos(3, 5));
        assertThat(a.target().pos()).isEqualTo(new Pos(3, 1));
        Expr.Call call = (Expr.Call) a.value();
        assertThat(call.pos()).isEqualTo(new Pos(3, 8));
        assertThat(call.callee().pos()).isEqualTo(new Pos(3, 7));
        Expr.Unary amp = (Expr.Unary) call.args().get(0);
        assertThat(amp.pos()).isEqualTo(new Pos(3, 9));
        Expr.Member member = (Expr.Member) amp.operand();
        assertThat(member.pos()).isEqualTo(new Pos(3, 14));
        Expr.Binary plus = (Expr.Binary) call.args().get(1);
        assertThat(plus.pos()).isEqualTo(new Pos(3, 26));
        Expr.Index index = (Expr.Index) plus.left();
        assertThat(index.pos()).isEqualTo(new Pos(3, 22));
        assertThat(plus.right()).isEqualTo(new Expr.IntLit(1, new Pos(3, 28)));
        Expr.Cast cast = (Expr.Cast) expr("(long)x");
        assertThat(cast.pos()).isEqualTo(new Pos(3, 1));
        assertThat(cast.type().pos()).isEqualTo(new Pos(3, 2));
        Expr.Conditional c = (Expr.Conditional) expr("a ? b : c");
        assertThat(c.pos()).isEqualTo(new Pos(3, 3));
        Expr.SizeofExpr sz = (Expr.SizeofExpr) expr("sizeof(*ms)");
        assertThat(sz.pos()).isEqualTo(new Pos(3, 1));
        assertThat(sz.operand().pos()).isEqualTo(new Pos(3, 8));
    }

    // ---------------------------------------------------------------- errors

    @Test
    void inlineAssemblyIsOneClearErrorAndTheRestOfTheFunctionIsStillChecked() {
        String msg = "inline assembly is not simulated: DriverLab runs kernel C, not machine instructions";
        assertThat(
                        errors(
                                "static inline void w(unsigned long v)\n{\n\tasm volatile(\"mov %0,%%cr0\" : \"+r\"(v) : : \"memory\");\n}\n"))
                .containsExactly("3:2: " + msg);
        assertThat(
                        errors(
                                "void f(void)\n{\n\t__asm__ __volatile__ goto (\"\" ::: : out);\n\tx = 1 2;\nout:\n\treturn;\n}\n"))
                .containsExactly("3:2: " + msg, "4:8: expected ';' before numeric constant");
    }

    @Test
    void missingSemicolonIsReportedAtTheNextToken() {
        assertThat(errors("int f(void)\n{\n\treturn 0\n}\n")).containsExactly("4:1: expected ';' before '}' token");
        assertThat(errors("void f(void)\n{\n\tx = 1\n\ty = 2;\n}\n")).containsExactly("4:2: expected ';' before 'y'");
        assertThat(errors("void f(void)\n{\n\tx = 1 2;\n}\n"))
                .containsExactly("3:8: expected ';' before numeric constant");
        assertThat(errors("void f(void)\n{\n\tx = 1 \"s\";\n}\n"))
                .containsExactly("3:8: expected ';' before string constant");
        assertThat(errors("int x = 1\nint y;\n")).containsExactly("2:1: expected ',' or ';' before 'int'");
        assertThat(errors("int x\nint y;\n"))
                .containsExactly("2:1: expected '=', ',', ';', 'asm' or '__attribute__' before 'int'");
        assertThat(errors("struct s { int a; }\nint y;\n"))
                .containsExactly("2:1: expected ';', identifier or '(' before 'int'");
        assertThat(errors("int x"))
                .containsExactly("1:6: expected '=', ',', ';', 'asm' or '__attribute__' at end of input");
    }

    @Test
    void missingParenthesesAndExpressions() {
        assertThat(errors("void f(void)\n{\n\tif (a b) x();\n}\n")).containsExactly("3:8: expected ')' before 'b'");
        assertThat(errors("void f(void)\n{\n\tx = g(1, );\n}\n"))
                .containsExactly("3:11: expected expression before ')' token");
        assertThat(errors("void f(void)\n{\n\tx = ;\n}\n"))
                .containsExactly("3:6: expected expression before ';' token");
        assertThat(errors("void f(void)\n{\n\tif x) y();\n}\n")).containsExactly("3:5: expected '(' before 'x'");
        assertThat(errors("void f(void)\n{\n\tdo x(); until (1);\n}\n"))
                .containsExactly("3:10: expected 'while' before 'until'");
        assertThat(errors("void f(void)\n{\n\tswitch (x) { case 1 x(); }\n}\n"))
                .containsExactly("3:22: expected ':' before 'x'");
        assertThat(errors("void f(void)\n{\n\tp->;\n}\n")).containsExactly("3:5: expected identifier before ';' token");
    }

    @Test
    void elisionAsAnArgumentIsAnError() {
        assertThat(errors("void f(void)\n{\n\tp = devm_kzalloc(\u2026);\n}\n"))
                .containsExactly("3:19: expected expression before '\u2026' token");
        assertThat(errors("void f(void)\n{\n\tg(a, ...);\n}\n"))
                .containsExactly("3:7: expected expression before '...' token");
    }

    @Test
    void elisionAtTopLevelIsAnError() {
        assertThat(errors("int a;\n...\nint b;\n"))
                .containsExactly("2:1: expected identifier or '(' before '...' token");
        assertThat(errors("int ...;")).containsExactly("1:5: expected identifier or '(' before '...' token");
    }

    @Test
    void unknownTypeNames() {
        assertThat(errors("foo x;")).containsExactly("1:1: unknown type name 'foo'");
        assertThat(errors("static foo *x;")).containsExactly("1:8: unknown type name 'foo'");
        assertThat(errors("struct s {\n\tint a;\n\tfoo x;\n};\n")).containsExactly("3:2: unknown type name 'foo'");
        assertThat(errors("int f(foo x);")).containsExactly("1:7: unknown type name 'foo'");
        assertThat(errors("void f(void)\n{\n\tmy_t v = 1;\n\tv++;\n}\n"))
                .containsExactly("3:2: unknown type name 'my_t'");
        assertThat(errors("foo_t f(void) { return 0; }")).containsExactly("1:1: unknown type name 'foo_t'");
    }

    @Test
    void lexicalErrorsComeThroughTheParser() {
        assertThat(errors("int x;\n/* never closed\nint y;\n")).containsExactly("2:1: unterminated comment");
        assertThat(errors("MODULE_LICENSE(\"GPL);\nint y;\n"))
                .containsExactly("1:16: missing terminating \" character", "2:1: expected ')' before 'int'");
        assertThat(errors("int x = 1 @ 2;")).contains("1:11: stray '@' in program");
    }

    @Test
    void misplacedJumpsAndLabels() {
        assertThat(errors("void f(void)\n{\n\tbreak;\n}\n"))
                .containsExactly("3:2: break statement not within loop or switch");
        assertThat(errors("void f(void)\n{\n\tswitch (x) { default: continue; }\n}\n"))
                .containsExactly("3:24: continue statement not within a loop");
        assertThat(errors("void f(void)\n{\n\tcase 1: ;\n\tdefault: ;\n}\n"))
                .containsExactly(
                        "3:2: case label not within a switch statement",
                        "4:2: 'default' label not within a switch statement");
    }

    @Test
    void unterminatedBodies() {
        assertThat(errors("int f(void)\n{\n\treturn 0;\n"))
                .containsExactly("3:11: expected declaration or statement at end of input");
        assertThat(errors("struct s {\n\tint a;\n")).containsExactly("2:8: expected '}' at end of input");
        assertThat(errors("int f(int a")).containsExactly("1:12: expected ';', ',' or ')' at end of input");
    }

    @Test
    void severalErrorsInOnePass() {
        List<String> errs = errors("""
                static int a(void)
                {
                	int x = 1;
                	x++
                	return x;
                }

                foo bar;

                static int b(struct dev *p)
                {
                	if (p->x > 0 {
                		p->x = 0;
                	}
                	return p->x
                }

                static struct platform_driver d = {
                	.probe = ,
                	.remove = r,
                };

                int c(void) { return @; }
                int d(void) { return 1 + ; }
                """);
        assertThat(errs)
                .containsExactly(
                        "5:2: expected ';' before 'return'",
                        "8:1: unknown type name 'foo'",
                        "12:15: expected ')' before '{' token",
                        "16:1: expected ';' before '}' token",
                        "19:11: expected expression before ',' token",
                        "23:22: stray '@' in program",
                        "24:26: expected expression before ';' token");
    }

    @Test
    void diagnosticsFormatLikeGcc() {
        CompileException e = catchThrowableOfType(
                CompileException.class,
                () -> Parser.parse(new SourceFile("drv.c", "int f(void)\n{\n\treturn 0\n}\n"), TYPES));
        assertThat(e.format()).isEqualTo("""
                drv.c:4:1: error: expected ';' before '}' token
                    4 | }
                      | ^
                1 error generated.
                """);
    }

    @Test
    void recoveryAfterAnErrorKeepsParsingLaterFunctions() {
        List<String> errs = errors("""
                void f(void)
                {
                	x = (1 + ;
                	y = 2;
                }
                void g(void)
                {
                	z = 3
                }
                """);
        assertThat(errs)
                .containsExactly("3:11: expected expression before ';' token", "9:1: expected ';' before '}' token");
    }

    // ---------------------------------------------------------------- robustness

    @Test
    void everyPrefixOfTheSeedParsesOrFailsWithACompileException() {
        for (int n = 0; n <= SEED.length(); n++) {
            String prefix = SEED.substring(0, n);
            try {
                Parser.parse(new SourceFile("p.c", prefix), TYPES);
            } catch (CompileException e) {
                assertThat(e.diagnostics())
                        .as("prefix of length %d", n)
                        .isNotEmpty()
                        .noneMatch(d -> d.message().startsWith("internal error"));
            }
        }
    }

    @Test
    void randomMutationsOfTheSeedOnlyEverFailWithACompileException() {
        Random random = new Random(20240601);
        String junk = "(){}[];,.*&-><=+!~?:\"'/\\#\u2026@ \n\tx1";
        for (int round = 0; round < 3000; round++) {
            StringBuilder sb = new StringBuilder(SEED);
            for (int k = 0; k < 3; k++) {
                int p = random.nextInt(sb.length());
                switch (random.nextInt(3)) {
                    case 0 -> sb.deleteCharAt(p);
                    case 1 -> sb.insert(p, junk.charAt(random.nextInt(junk.length())));
                    default -> sb.delete(p, Math.min(sb.length(), p + random.nextInt(20)));
                }
            }
            String src = sb.toString();
            try {
                Parser.parse(new SourceFile("m.c", src), TYPES);
            } catch (CompileException e) {
                assertThat(e.diagnostics())
                        .as(src)
                        .isNotEmpty()
                        .noneMatch(d -> d.message().startsWith("internal error"));
            }
        }
    }

    @Test
    void deepNestingIsAnErrorNotAStackOverflow() {
        String deep = "int x = " + "(".repeat(5000) + "1" + ")".repeat(5000) + ";";
        assertThat(errors(deep)).hasSize(1).first().asString().contains("nested");
        String blocks = "void f(void) " + "{".repeat(3000) + "}".repeat(3000);
        assertThat(errors(blocks)).isNotEmpty();
    }
}
