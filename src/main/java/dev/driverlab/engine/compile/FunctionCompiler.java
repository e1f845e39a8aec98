package dev.driverlab.engine.compile;

import dev.driverlab.lang.Decl;
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
 * Compiles one function body to bytecode. Every statement starts with a STMT boundary carrying its line, so the
 * VM can stop between any two statements; expressions compile to straight-line stack code.
 */
final class FunctionCompiler extends CallCompiler {

    FunctionCompiler(UnitCompiler uc, FunctionCode fn) {
        super(uc, fn);
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

    /** The statement base at each label, and at each goto (same index as {@link #gotos}). */
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

    void compile(Decl.Function def) {
        uc.types.typeofResolver = this::typeOf;
        uc.types.sizeofResolver = e -> typeOnly(e, true);
        try {
            compileBody(def);
        } finally {
            uc.types.typeofResolver = null;
            uc.types.sizeofResolver = null;
        }
    }

    private void compileBody(Decl.Function def) {
        collectAddressTaken(def.body());
        scopes.push(new HashMap<>());
        List<FunctionCode.ParamInfo> params = new ArrayList<>();
        for (int i = 0; i < def.params().size(); i++) {
            var p = def.params().get(i);
            CType t = fn.type.params().get(i);
            int slot = slots++;
            int stackOffset = -1;
            if (p.name() != null && addressTaken.contains(p.name())) {
                stackOffset = allocStack(t, p.name(), p.pos());
                declare(p.name(), t, true, stackOffset, p.pos());
            } else if (p.name() != null) {
                declare(p.name(), t, false, slot, p.pos());
            }
            params.add(new FunctionCode.ParamInfo(p.name(), t, stackOffset));
        }
        lastLine = def.pos().line();
        for (Stmt s : def.body().body()) statement(s);
        code.emit(Op.RET_VOID, lastLine);
        for (int i = 0; i < gotos.size(); i++) {
            PendingGoto g = gotos.get(i);
            Integer target = labels.get(g.label());
            if (target == null) errors.at(g.pos(), "label '" + g.label() + "' used but not defined");
            else if (!encloses(labelNesting.get(g.label()), gotoNesting.get(i))) {
                errors.at(g.pos(), "jump into statement expression");
            } else if (labelBases.get(g.label()) < gotoBases.get(i)) {
                // out of a statement expression (gcc allows it): the operands pending around it are dropped first,
                // as break and continue out of one do, in a trampoline after the function's code
                code.patch(g.operand(), code.pc());
                for (int n = gotoBases.get(i) - labelBases.get(g.label()); n > 0; n--) code.emit(Op.POP);
                code.emit(Op.JMP, target);
            } else code.patch(g.operand(), target);
        }
        fn.code = code.code();
        fn.consts = code.consts();
        fn.slots = slots;
        fn.maxStack = code.maxDepth() + 4;
        fn.stackSize = stackSize;
        fn.locals = List.copyOf(localInfos);
        fn.params = List.copyOf(params);
    }

    // ---- statements ----

    /**
     * The step boundary before a statement. Inside a statement expression a statement on the line of the one before
     * gets none: a macro such as min() expands to a whole statement expression on the caller's line, and stepping
     * stays on that line as a debugger's does; its loops still end a step at each test ({@link #boundary}).
     */
    void stmtLine(Pos pos) {
        if (!nesting.isEmpty() && pos.line() == lastLine && pos.file() == lastFile) {
            code.setDepth(statementBase);
            return;
        }
        boundary(pos);
    }

    /** A step boundary at pos, always: where each iteration of a loop ends its step. */
    void boundary(Pos pos) {
        lastLine = pos.line();
        lastFile = pos.file();
        code.emit(Op.STMT, pos.line());
        code.setDepth(statementBase);
    }

    private int lastFile;

    /** Drops the operands of the statement expressions a break or continue leaves, down to its target's base. */
    private void unwindTo(int base) {
        for (int i = statementBase; i > base; i--) code.emit(Op.POP);
    }

    @Override
    CType statementExpression(Expr.StmtExpr se) {
        int outer = statementBase;
        statementBase = code.depth();
        List<Integer> outerNesting = nesting;
        List<Integer> inner = new ArrayList<>(nesting);
        inner.add(statementExpressions++);
        nesting = List.copyOf(inner);
        scopes.push(new HashMap<>());
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
                return expr(e.expr());
            }
            if (tail != null) statement(tail);
            code.setDepth(statementBase);
            return pushConst(0, CType.VOID);
        } finally {
            scopes.pop();
            statementBase = outer;
            nesting = outerNesting;
        }
    }

    void statement(Stmt s) {
        if (s instanceof Stmt.Block b) {
            scopes.push(new HashMap<>());
            for (Stmt inner : b.body()) statement(inner);
            scopes.pop();
        } else if (s instanceof Stmt.Local l) {
            for (Stmt.VarDecl v : l.vars()) localDecl(v);
        } else if (s instanceof Stmt.ExprStmt e) {
            stmtLine(e.pos());
            expr(e.expr());
            code.emit(Op.POP);
            code.stack(-1);
        } else if (s instanceof Stmt.If i) {
            stmtLine(i.pos());
            condition(i.cond());
            int toElse = code.emitJump(Op.JZ);
            statement(i.then());
            if (i.otherwise() != null) {
                int toEnd = code.emitJump(Op.JMP);
                code.patch(toElse, code.pc());
                statement(i.otherwise());
                code.patch(toEnd, code.pc());
            } else {
                code.patch(toElse, code.pc());
            }
        } else if (s instanceof Stmt.While w) {
            loop(w.pos(), null, w.cond(), null, w.body(), false);
        } else if (s instanceof Stmt.DoWhile d) {
            loop(d.cond().pos(), null, d.cond(), null, d.body(), true);
        } else if (s instanceof Stmt.For f) {
            scopes.push(new HashMap<>());
            if (f.init() != null) statement(f.init());
            loop(f.pos(), null, f.cond(), f.update(), f.body(), false);
            scopes.pop();
        } else if (s instanceof Stmt.Switch sw) {
            switchStmt(sw);
        } else if (s instanceof Stmt.Case c) {
            if (switches.isEmpty()) errors.at(c.pos(), "case label not within a switch statement");
            else if (!switches.peek().nesting.equals(nesting))
                errors.at(c.pos(), "switch jumps into statement expression");
            else switches.peek().cases.add(new long[] {uc.types.constant(c.value()), code.pc()});
        } else if (s instanceof Stmt.Default d) {
            if (switches.isEmpty()) errors.at(d.pos(), "'default' label not in a switch statement");
            else if (!switches.peek().nesting.equals(nesting))
                errors.at(d.pos(), "switch jumps into statement expression");
            else switches.peek().defaultPc = code.pc();
        } else if (s instanceof Stmt.Break b) {
            if (breaks.isEmpty()) errors.at(b.pos(), "break statement not within loop or switch");
            else {
                stmtLine(b.pos());
                unwindTo(breakBases.peek());
                breaks.peek().add(code.emitJump(Op.JMP));
            }
        } else if (s instanceof Stmt.Continue c) {
            if (continues.isEmpty()) errors.at(c.pos(), "continue statement not within a loop");
            else {
                stmtLine(c.pos());
                unwindTo(continueBases.peek());
                continues.peek().add(code.emitJump(Op.JMP));
            }
        } else if (s instanceof Stmt.Return r) {
            returnStmt(r);
        } else if (s instanceof Stmt.Goto g) {
            stmtLine(g.pos());
            gotoBases.add(statementBase);
            gotoNesting.add(nesting);
            gotos.add(new PendingGoto(code.emitJump(Op.JMP), g.label(), g.pos()));
        } else if (s instanceof Stmt.Labeled l) {
            label(l);
            statement(l.body());
        } else if (s instanceof Stmt.Empty e) {
            if (e.elision()) {
                stmtLine(e.pos());
                code.emit(Op.NOP);
            }
        }
    }

    private void label(Stmt.Labeled l) {
        if (labels.put(l.label(), code.pc()) != null) errors.at(l.pos(), "duplicate label '" + l.label() + "'");
        labelBases.put(l.label(), statementBase);
        labelNesting.put(l.label(), nesting);
    }

    /** Loops put the condition test at the bottom, so each iteration costs one step for the test. */
    void loop(Pos pos, Stmt init, Expr cond, Expr update, Stmt body, boolean bodyFirst) {
        breaks.push(new ArrayList<>());
        continues.push(new ArrayList<>());
        breakBases.push(statementBase);
        continueBases.push(statementBase);
        if (!bodyFirst) {
            boundary(pos);
            if (cond != null) {
                condition(cond);
                breaks.peek().add(code.emitJump(Op.JZ));
            }
        }
        int top = code.pc();
        statement(body);
        int cont = code.pc();
        boundary(pos);
        if (update != null) {
            expr(update);
            code.emit(Op.POP);
            code.stack(-1);
        }
        if (cond != null) {
            condition(cond);
            code.emit(Op.JNZ, top);
            code.stack(-1);
        } else {
            code.emit(Op.JMP, top);
        }
        for (int c : continues.pop()) code.patch(c, cont);
        for (int b : breaks.pop()) code.patch(b, code.pc());
        breakBases.pop();
        continueBases.pop();
    }

    void switchStmt(Stmt.Switch sw) {
        stmtLine(sw.pos());
        int tmp = slots++;
        expr(sw.value());
        code.emit(Op.STORE_SLOT, tmp);
        code.emit(Op.POP);
        code.stack(-1);
        int toDispatch = code.emitJump(Op.JMP);
        breaks.push(new ArrayList<>());
        breakBases.push(statementBase);
        SwitchCases cases = new SwitchCases();
        cases.nesting = nesting;
        switches.push(cases);
        statement(sw.body());
        switches.pop();
        int toEnd = code.emitJump(Op.JMP);
        code.patch(toDispatch, code.pc());
        for (long[] c : cases.cases) {
            code.emit(Op.LOAD_SLOT, tmp);
            code.emit(Op.CONST, code.constant(c[0]));
            code.emit(Op.EQ);
            code.emit(Op.JNZ, (int) c[1]);
        }
        code.stack(2);
        code.stack(-2);
        if (cases.defaultPc >= 0) code.emit(Op.JMP, cases.defaultPc);
        code.patch(toEnd, code.pc());
        for (int b : breaks.pop()) code.patch(b, code.pc());
        breakBases.pop();
    }

    void returnStmt(Stmt.Return r) {
        stmtLine(r.pos());
        CType ret = fn.type.returns();
        if (r.value() == null) {
            code.emit(Op.RET_VOID, r.pos().line());
            return;
        }
        CType t = expr(r.value());
        if (ret instanceof CType.Void) {
            code.emit(Op.POP);
            code.stack(-1);
            code.emit(Op.RET_VOID, r.pos().line());
            return;
        }
        convert(t, ret);
        code.emit(Op.RET, r.pos().line());
        code.stack(-1);
    }

    void localDecl(Stmt.VarDecl v) {
        CType t = uc.types.resolve(v.type(), v.name());
        if (t instanceof CType.Array a && a.length() == 0 && v.init() != null) {
            t = new CType.Array(
                    a.element(), uc.types.arrayLength(uc.inferLength(v.init()), false, a.element(), v.name(), v.pos()));
        }
        if (v.isStatic()) { // initialised once, in the data image; no step of its own
            declare(new Local(v.name(), t, false, uc.staticLocal(fn.name, v, t), true), v.pos());
            return;
        }
        if (t instanceof CType.Struct s && !s.complete()) {
            errors.at(v.pos(), "storage size of '" + v.name() + "' isn't known");
        }
        boolean inStack = !t.isScalar() || addressTaken.contains(v.name());
        Local l = inStack
                ? declare(v.name(), t, true, allocStack(t, v.name(), v.pos()), v.pos())
                : declare(v.name(), t, false, slots++, v.pos());
        if (v.init() == null) {
            if (inStack) { // C leaves it uninitialised; zeroing keeps runs deterministic
                stmtLine(v.pos());
                code.emit(Op.ADDR_STACK, l.where());
                code.emit(Op.MEMZERO, Math.max(1, t.size()));
                code.emit(Op.POP);
            }
            return;
        }
        stmtLine(v.pos());
        if (inStack) {
            code.emit(Op.ADDR_STACK, l.where());
            code.stack(1);
            initialize(t, v.init());
            code.emit(Op.POP);
            code.stack(-1);
        } else {
            CType vt = expr(v.init());
            hintType(t, v.init());
            convert(vt, t);
            code.emit(Op.STORE_SLOT, l.where());
            code.emit(Op.POP);
            code.stack(-1);
        }
    }

    @Override
    CType compoundLiteral(CType t, Expr.InitList init, Pos pos) {
        if (t instanceof CType.Array a && a.length() == 0) {
            t = new CType.Array(a.element(), uc.types.arrayLength(uc.inferLength(init), false, a.element(), null, pos));
        }
        if (t instanceof CType.Struct s && !s.complete()) errors.at(pos, "invalid use of undefined type '" + t + "'");
        int at = allocStack(t, "(compound literal)", pos);
        localInfos.add(new FunctionCode.LocalInfo("(compound literal)", t, true, at, code.pc(), Integer.MAX_VALUE));
        code.emit(Op.ADDR_STACK, at);
        code.stack(1);
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
            code.emit(Op.MEMZERO, Math.max(1, t.size()));
            int position = 0;
            for (Expr.InitItem item : list.items()) {
                UnitCompiler.Member m = uc.member(t, item, position, errors);
                if (m == null) continue;
                position = m.next();
                code.emit(Op.DUP);
                code.stack(1);
                if (m.offset() != 0) {
                    code.emit(Op.CONST, code.constant(m.offset()));
                    code.emit(Op.ADD);
                }
                if (m.bitWidth() > 0) {
                    code.emit(Op.DUP);
                    code.stack(1);
                    convert(expr(Macros.initializer(item.value())), m.type());
                    storeTo(new LValue(m.type(), -1, m.bitOffset(), m.bitWidth()));
                    code.emit(Op.POP);
                    code.stack(-1);
                } else {
                    initialize(m.type(), item.value());
                }
                code.emit(Op.POP);
                code.stack(-1);
            }
            return;
        }
        if (t instanceof CType.Array a && init instanceof Expr.StringLit s) {
            code.emit(Op.MEMZERO, t.size());
            code.emit(Op.ADDR_DATA, uc.string(s.value()));
            code.emit(Op.MEMCPY, Math.min(a.size(), s.value().length() + 1));
            return;
        }
        code.emit(Op.DUP);
        code.stack(1);
        CType vt = expr(init);
        store(t, vt, init.pos());
        code.emit(Op.POP);
        code.stack(-1);
    }
}
