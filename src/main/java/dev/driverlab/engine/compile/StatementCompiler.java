package dev.driverlab.engine.compile;

import dev.driverlab.lang.Expr;
import dev.driverlab.lang.Pos;
import dev.driverlab.lang.Stmt;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Statements, local declarations and initializers, one visitor method per kind of statement. Every statement starts
 * with a STMT boundary carrying its line, so the VM can stop between any two statements. It has the function's
 * {@link ExpressionCompiler}, and keeps what only statements need: the operand-stack base they start at, and which
 * statement expressions enclose each label, goto and case.
 */
final class StatementCompiler implements Stmt.Visitor<Void> {
    private final FunctionContext ctx;
    private final UnitCompiler uc;
    private final Errors errors;
    private final ExpressionCompiler exprs;

    StatementCompiler(FunctionContext ctx) {
        this.ctx = ctx;
        this.uc = ctx.uc;
        this.errors = ctx.errors;
        this.exprs = new ExpressionCompiler(ctx, this);
    }

    /** The expression compiler of these statements. */
    ExpressionCompiler expressions() {
        return exprs;
    }

    private CodeBuffer code() {
        return ctx.code;
    }

    /**
     * The operand-stack depth under the statements being compiled: 0 in the function body, and inside a statement
     * expression the depth of the operands already pushed by the expression around it. A statement starts at this
     * depth (its STMT boundary does not touch the runtime stack, which the frame keeps between steps), so the
     * statements of {@code f(a, ({ int t = g(); t * 2; }))} run on top of f's pending argument a.
     */
    private int statementBase;

    /** The statement base of each enclosing loop or switch (for break) and loop (for continue), innermost first. */
    private final Deque<Integer> breakBases = new ArrayDeque<>();

    private final Deque<Integer> continueBases = new ArrayDeque<>();

    /** The statement base at each label, and at each goto (same index as {@link FunctionContext#gotos}). */
    private final Map<String, Integer> labelBases = new HashMap<>();

    private final List<Integer> gotoBases = new ArrayList<>();

    /**
     * Which statement expressions enclose the code, outermost first, each by a number of its own: a goto or case may
     * leave statement expressions but not enter one (gcc: "jump into statement expression").
     */
    private List<Integer> nesting = List.of();

    private int statementExpressions;
    private final Map<String, List<Integer>> labelNesting = new HashMap<>();
    private final List<List<Integer>> gotoNesting = new ArrayList<>();

    private static boolean encloses(List<Integer> outer, List<Integer> inner) {
        return inner.size() >= outer.size() && inner.subList(0, outer.size()).equals(outer);
    }

    // ---- statements ----

    /** Patches every goto to its label, or reports why it cannot jump there. */
    void resolveGotos() {
        for (int i = 0; i < ctx.gotos.size(); i++) {
            FunctionContext.PendingGoto g = ctx.gotos.get(i);
            Integer target = ctx.labels.get(g.label());
            if (target == null) errors.at(g.pos(), "label '" + g.label() + "' used but not defined");
            else if (!encloses(labelNesting.get(g.label()), gotoNesting.get(i))) {
                errors.at(g.pos(), "jump into statement expression");
            } else if (labelBases.get(g.label()) < gotoBases.get(i)) {
                // out of a statement expression (gcc allows it): the operands pending around it are dropped first,
                // as break and continue out of one do, in a trampoline after the function's code
                code().patch(g.operand(), code().pc());
                for (int n = gotoBases.get(i) - labelBases.get(g.label()); n > 0; n--) code().emit(Op.POP);
                code().emit(Op.JMP, target);
            } else code().patch(g.operand(), target);
        }
    }

    /**
     * The step boundary before a statement. Inside a statement expression a statement on the line of the one before
     * gets none: a macro such as min() expands to a whole statement expression on the caller's line, and stepping
     * stays on that line as a debugger's does; its loops still end a step at each test ({@link #boundary}).
     */
    void stmtLine(Pos pos) {
        if (!nesting.isEmpty() && pos.line() == ctx.lastLine && pos.file() == lastFile) {
            code().setDepth(statementBase);
            return;
        }
        boundary(pos);
    }

    /** A step boundary at pos, always: where each iteration of a loop ends its step. */
    void boundary(Pos pos) {
        ctx.lastLine = pos.line();
        lastFile = pos.file();
        code().emit(Op.STMT, pos.line());
        code().setDepth(statementBase);
    }

    private int lastFile;

    /** Drops the operands of the statement expressions a break or continue leaves, down to its target's base. */
    private void unwindTo(int base) {
        for (int i = statementBase; i > base; i--) code().emit(Op.POP);
    }

    /** A statement expression: its statements, then its value (void when the last statement is no expression). */
    CType statementExpression(Expr.StmtExpr se) {
        int outer = statementBase;
        statementBase = code().depth();
        List<Integer> outerNesting = nesting;
        List<Integer> inner = new ArrayList<>(nesting);
        inner.add(statementExpressions++);
        nesting = List.copyOf(inner);
        ctx.scopes.push(new HashMap<>());
        try {
            List<Stmt> body = se.body().body();
            int last = body.size() - 1;
            while (last >= 0 && body.get(last) instanceof Stmt.Empty e && !e.elision()) last--;
            for (int i = 0; i < last; i++) statement(body.get(i));
            Stmt tail = last >= 0 ? body.get(last) : null;
            while (tail instanceof Stmt.Labeled l) { // `out: value;` (___wait_event's __out): the label, then the value
                label(l);
                tail = l.body();
            }
            if (tail instanceof Stmt.ExprStmt e) { // its value is the expression's
                stmtLine(e.pos());
                return exprs.expr(e.expr());
            }
            if (tail != null) statement(tail);
            code().setDepth(statementBase);
            return ctx.pushConst(0, CType.VOID);
        } finally {
            ctx.scopes.pop();
            statementBase = outer;
            nesting = outerNesting;
        }
    }

    /** Compiles a statement (nothing for null: an absent branch). */
    void statement(Stmt s) {
        if (s != null) s.accept(this);
    }

    @Override
    public Void visitBlock(Stmt.Block b) {
        ctx.scopes.push(new HashMap<>());
        for (Stmt inner : b.body()) statement(inner);
        ctx.scopes.pop();
        return null;
    }

    @Override
    public Void visitLocal(Stmt.Local l) {
        for (Stmt.VarDecl v : l.vars()) localDecl(v);
        return null;
    }

    @Override
    public Void visitExprStmt(Stmt.ExprStmt e) {
        stmtLine(e.pos());
        exprs.expr(e.expr());
        code().emit(Op.POP);
        code().stack(-1);
        return null;
    }

    @Override
    public Void visitIf(Stmt.If i) {
        stmtLine(i.pos());
        exprs.condition(i.cond());
        int toElse = code().emitJump(Op.JZ);
        statement(i.then());
        if (i.otherwise() != null) {
            int toEnd = code().emitJump(Op.JMP);
            code().patch(toElse, code().pc());
            statement(i.otherwise());
            code().patch(toEnd, code().pc());
        } else {
            code().patch(toElse, code().pc());
        }
        return null;
    }

    @Override
    public Void visitWhile(Stmt.While w) {
        loop(w.pos(), null, w.cond(), null, w.body(), false);
        return null;
    }

    @Override
    public Void visitDoWhile(Stmt.DoWhile d) {
        loop(d.cond().pos(), null, d.cond(), null, d.body(), true);
        return null;
    }

    @Override
    public Void visitFor(Stmt.For f) {
        ctx.scopes.push(new HashMap<>());
        if (f.init() != null) statement(f.init());
        loop(f.pos(), null, f.cond(), f.update(), f.body(), false);
        ctx.scopes.pop();
        return null;
    }

    @Override
    public Void visitSwitch(Stmt.Switch sw) {
        switchStmt(sw);
        return null;
    }

    @Override
    public Void visitCase(Stmt.Case c) {
        if (ctx.switches.isEmpty()) errors.at(c.pos(), "case label not within a switch statement");
        else if (!ctx.switches.peek().nesting.equals(nesting))
            errors.at(c.pos(), "switch jumps into statement expression");
        else ctx.switches.peek().cases.add(new long[] {uc.types.constant(c.value()), code().pc()});
        return null;
    }

    @Override
    public Void visitDefault(Stmt.Default d) {
        if (ctx.switches.isEmpty()) errors.at(d.pos(), "'default' label not in a switch statement");
        else if (!ctx.switches.peek().nesting.equals(nesting))
            errors.at(d.pos(), "switch jumps into statement expression");
        else ctx.switches.peek().defaultPc = code().pc();
        return null;
    }

    @Override
    public Void visitBreak(Stmt.Break b) {
        if (ctx.breaks.isEmpty()) errors.at(b.pos(), "break statement not within loop or switch");
        else {
            stmtLine(b.pos());
            unwindTo(breakBases.peek());
            ctx.breaks.peek().add(code().emitJump(Op.JMP));
        }
        return null;
    }

    @Override
    public Void visitContinue(Stmt.Continue c) {
        if (ctx.continues.isEmpty()) errors.at(c.pos(), "continue statement not within a loop");
        else {
            stmtLine(c.pos());
            unwindTo(continueBases.peek());
            ctx.continues.peek().add(code().emitJump(Op.JMP));
        }
        return null;
    }

    @Override
    public Void visitReturn(Stmt.Return r) {
        returnStmt(r);
        return null;
    }

    @Override
    public Void visitGoto(Stmt.Goto g) {
        stmtLine(g.pos());
        gotoBases.add(statementBase);
        gotoNesting.add(nesting);
        ctx.gotos.add(new FunctionContext.PendingGoto(code().emitJump(Op.JMP), g.label(), g.pos()));
        return null;
    }

    @Override
    public Void visitLabeled(Stmt.Labeled l) {
        label(l);
        statement(l.body());
        return null;
    }

    private void label(Stmt.Labeled l) {
        if (ctx.labels.put(l.label(), code().pc()) != null) errors.at(l.pos(), "duplicate label '" + l.label() + "'");
        labelBases.put(l.label(), statementBase);
        labelNesting.put(l.label(), nesting);
    }

    @Override
    public Void visitEmpty(Stmt.Empty e) {
        if (e.elision()) {
            stmtLine(e.pos());
            code().emit(Op.NOP);
        }
        return null;
    }

    /** Loops put the condition test at the bottom, so each iteration costs one step for the test. */
    void loop(Pos pos, Stmt init, Expr cond, Expr update, Stmt body, boolean bodyFirst) {
        ctx.breaks.push(new ArrayList<>());
        ctx.continues.push(new ArrayList<>());
        breakBases.push(statementBase);
        continueBases.push(statementBase);
        if (!bodyFirst) {
            boundary(pos);
            if (cond != null) {
                exprs.condition(cond);
                ctx.breaks.peek().add(code().emitJump(Op.JZ));
            }
        }
        int top = code().pc();
        statement(body);
        int cont = code().pc();
        boundary(pos);
        if (update != null) {
            exprs.expr(update);
            code().emit(Op.POP);
            code().stack(-1);
        }
        if (cond != null) {
            exprs.condition(cond);
            code().emit(Op.JNZ, top);
            code().stack(-1);
        } else {
            code().emit(Op.JMP, top);
        }
        for (int c : ctx.continues.pop()) code().patch(c, cont);
        for (int b : ctx.breaks.pop()) code().patch(b, code().pc());
        breakBases.pop();
        continueBases.pop();
    }

    void switchStmt(Stmt.Switch sw) {
        stmtLine(sw.pos());
        int tmp = ctx.slots++;
        exprs.expr(sw.value());
        code().emit(Op.STORE_SLOT, tmp);
        code().emit(Op.POP);
        code().stack(-1);
        int toDispatch = code().emitJump(Op.JMP);
        ctx.breaks.push(new ArrayList<>());
        breakBases.push(statementBase);
        FunctionContext.SwitchCases cases = new FunctionContext.SwitchCases();
        cases.nesting = nesting;
        ctx.switches.push(cases);
        statement(sw.body());
        ctx.switches.pop();
        int toEnd = code().emitJump(Op.JMP);
        code().patch(toDispatch, code().pc());
        for (long[] c : cases.cases) {
            code().emit(Op.LOAD_SLOT, tmp);
            code().emit(Op.CONST, code().constant(c[0]));
            code().emit(Op.EQ);
            code().emit(Op.JNZ, (int) c[1]);
        }
        code().stack(2);
        code().stack(-2);
        if (cases.defaultPc >= 0) code().emit(Op.JMP, cases.defaultPc);
        code().patch(toEnd, code().pc());
        for (int b : ctx.breaks.pop()) code().patch(b, code().pc());
        breakBases.pop();
    }

    void returnStmt(Stmt.Return r) {
        stmtLine(r.pos());
        CType ret = ctx.fn.type.returns();
        if (r.value() == null) {
            code().emit(Op.RET_VOID, r.pos().line());
            return;
        }
        CType t = exprs.expr(r.value());
        if (ret instanceof CType.Void) {
            code().emit(Op.POP);
            code().stack(-1);
            code().emit(Op.RET_VOID, r.pos().line());
            return;
        }
        ctx.convert(t, ret);
        code().emit(Op.RET, r.pos().line());
        code().stack(-1);
    }

    void localDecl(Stmt.VarDecl v) {
        CType t = uc.types.resolve(v.type(), v.name());
        if (t instanceof CType.Array a && a.length() == 0 && v.init() != null) {
            t = new CType.Array(
                    a.element(), uc.types.arrayLength(uc.inferLength(v.init()), false, a.element(), v.name(), v.pos()));
        }
        if (v.isStatic()) { // initialised once, in the data image; no step of its own
            ctx.declare(
                    new FunctionContext.Local(v.name(), t, false, uc.staticLocal(ctx.fn.name, v, t), true), v.pos());
            return;
        }
        if (t instanceof CType.Struct s && !s.complete()) {
            errors.at(v.pos(), "storage size of '" + v.name() + "' isn't known");
        }
        boolean inStack = !t.isScalar() || ctx.addressTaken.contains(v.name());
        FunctionContext.Local l = inStack
                ? ctx.declare(v.name(), t, true, ctx.allocStack(t, v.name(), v.pos()), v.pos())
                : ctx.declare(v.name(), t, false, ctx.slots++, v.pos());
        if (v.init() == null) {
            if (inStack) { // C leaves it uninitialised; zeroing keeps runs deterministic
                stmtLine(v.pos());
                code().emit(Op.ADDR_STACK, l.where());
                code().emit(Op.MEMZERO, Math.max(1, t.size()));
                code().emit(Op.POP);
            }
            return;
        }
        stmtLine(v.pos());
        if (inStack) {
            code().emit(Op.ADDR_STACK, l.where());
            code().stack(1);
            initialize(t, v.init());
            code().emit(Op.POP);
            code().stack(-1);
        } else {
            CType vt = exprs.expr(v.init());
            exprs.hintType(t, v.init());
            ctx.convert(vt, t);
            code().emit(Op.STORE_SLOT, l.where());
            code().emit(Op.POP);
            code().stack(-1);
        }
    }

    /**
     * C99's compound literal {@code (struct foo){ .a = 1 }} or {@code (int[]){ 1, 2 }}: an unnamed object of the
     * enclosing block, initialized where it is written. Leaves its address; the object's type (an array's length
     * counted from its initializer when not written).
     */
    CType compoundLiteral(CType t, Expr.InitList init, Pos pos) {
        if (t instanceof CType.Array a && a.length() == 0) {
            t = new CType.Array(a.element(), uc.types.arrayLength(uc.inferLength(init), false, a.element(), null, pos));
        }
        if (t instanceof CType.Struct s && !s.complete()) errors.at(pos, "invalid use of undefined type '" + t + "'");
        int at = ctx.allocStack(t, "(compound literal)", pos);
        ctx.localInfos.add(
                new FunctionCode.LocalInfo("(compound literal)", t, true, at, code().pc(), Integer.MAX_VALUE));
        code().emit(Op.ADDR_STACK, at);
        code().stack(1);
        initialize(t, init);
        return t;
    }

    /** Initializes the object whose address is on top of the stack; leaves the address there. */
    void initialize(CType t, Expr init) {
        init = Macros.initializer(init);
        if (init instanceof Expr.Cast c
                && c.operand() instanceof Expr.InitList list
                && !t.isScalar()
                && uc.types.resolve(c.type()).equals(t)) {
            init = list; // struct foo x = (struct foo){ ... }: the literal initializes x itself
        }
        if (init instanceof Expr.InitList list) {
            code().emit(Op.MEMZERO, Math.max(1, t.size()));
            int position = 0;
            for (Expr.InitItem item : uc.items(list)) {
                UnitCompiler.Member m = uc.member(t, item, position, errors);
                if (m == null) continue;
                position = m.next();
                code().emit(Op.DUP);
                code().stack(1);
                if (m.offset() != 0) {
                    code().emit(Op.CONST, code().constant(m.offset()));
                    code().emit(Op.ADD);
                }
                if (m.bitWidth() > 0) {
                    code().emit(Op.DUP);
                    code().stack(1);
                    ctx.convert(exprs.expr(Macros.initializer(item.value())), m.type());
                    ctx.storeTo(new FunctionContext.LValue(m.type(), -1, m.bitOffset(), m.bitWidth()));
                    code().emit(Op.POP);
                    code().stack(-1);
                } else {
                    initialize(m.type(), item.value());
                }
                code().emit(Op.POP);
                code().stack(-1);
            }
            return;
        }
        if (t instanceof CType.Array a && init instanceof Expr.StringLit s) {
            code().emit(Op.MEMZERO, t.size());
            code().emit(Op.ADDR_DATA, uc.string(s.value()));
            code().emit(Op.MEMCPY, Math.min(a.size(), s.value().length() + 1));
            return;
        }
        code().emit(Op.DUP);
        code().stack(1);
        CType vt = exprs.expr(init);
        ctx.store(t, vt, init.pos());
        code().emit(Op.POP);
        code().stack(-1);
    }
}
