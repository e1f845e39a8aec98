package dev.driverlab.lang;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** gcc's statement expressions, typeof and __auto_type as the parser reads them. */
class StatementExpressionParserTests {

    private static final Set<String> TYPES = Set.of("u32", "size_t");

    private static List<Stmt> body(String body) {
        TranslationUnit tu = Parser.parse(new SourceFile("t.c", "void f(void)\n{\n" + body + "\n}\n"), TYPES);
        return ((Decl.Function) tu.decls().get(0)).body().body();
    }

    @Test
    void aStatementExpressionIsAPrimaryHoldingABlock() {
        Stmt s = body("x = ({ int t = g(); t + 1; }) * 2;").get(0);
        Expr.Assign a = (Expr.Assign) ((Stmt.ExprStmt) s).expr();
        Expr.Binary times = (Expr.Binary) a.value();
        assertThat(times.op()).isEqualTo("*");
        Expr.StmtExpr se = (Expr.StmtExpr) times.left();
        assertThat(se.body().body()).hasSize(2);
        assertThat(se.body().body().get(0)).isInstanceOf(Stmt.Local.class);
        assertThat(se.body().body().get(1)).isInstanceOf(Stmt.ExprStmt.class);
        assertThat(se.pos().line()).isEqualTo(3);
    }

    @Test
    void statementExpressionsNestAndHoldLoops() {
        Stmt s = body("y = ({ int i; for (i = 0; i < 3; i++) if (({ i == 1; })) break; i; });")
                .get(0);
        Expr.StmtExpr outer = (Expr.StmtExpr) ((Expr.Assign) ((Stmt.ExprStmt) s).expr()).value();
        Stmt.For loop = (Stmt.For) outer.body().body().get(1);
        Stmt.If test = (Stmt.If) loop.body();
        assertThat(test.cond()).isInstanceOf(Expr.StmtExpr.class);
    }

    @Test
    void typeofTakesAnExpressionOrATypeName() {
        Stmt.Local l = (Stmt.Local) body("typeof(a + 1) x = 0;").get(0);
        assertThat(l.vars().get(0).type()).isInstanceOf(TypeRef.Typeof.class);
        assertThat(((TypeRef.Typeof) l.vars().get(0).type()).decay()).isFalse();
        Stmt.Local p = (Stmt.Local) body("__typeof__(u32) *p;").get(0);
        assertThat(p.vars().get(0).type())
                .isEqualTo(new TypeRef.Pointer(new TypeRef.Named("u32", new Pos(3, 12)), new Pos(3, 17)));
        Stmt cast = body("q = (typeof(*p) *)r;").get(0);
        Expr.Cast c = (Expr.Cast) ((Expr.Assign) ((Stmt.ExprStmt) cast).expr()).value();
        assertThat(((TypeRef.Pointer) c.type()).target()).isInstanceOf(TypeRef.Typeof.class);
    }

    @Test
    void autoTypeTakesItsInitializersTypeDecayed() {
        Stmt.Local l = (Stmt.Local) body("__auto_type n = sizeof(x);").get(0);
        TypeRef.Typeof t = (TypeRef.Typeof) l.vars().get(0).type();
        assertThat(t.decay()).isTrue();
        assertThat(t.expr()).isInstanceOf(Expr.SizeofExpr.class);
    }

    @Test
    void aStatementExpressionOutsideAFunctionIsGccsError() {
        CompileException e = catchThrowableOfType(
                CompileException.class, () -> Parser.parse(new SourceFile("t.c", "int x = ({ 1; });\n"), TYPES));
        assertThat(e.diagnostics())
                .extracting(d -> d.line() + ":" + d.col() + ": " + d.message())
                .containsExactly("1:10: braced-group within expression allowed only inside a function");
    }

    @Test
    void autoTypeWithoutInitializerIsAnError() {
        CompileException e = catchThrowableOfType(
                CompileException.class,
                () -> Parser.parse(new SourceFile("t.c", "void f(void)\n{\n\t__auto_type x;\n}\n"), TYPES));
        assertThat(e.diagnostics())
                .extracting(Diagnostic::message)
                .containsExactly("'__auto_type' requires an initialized data declaration");
    }
}
