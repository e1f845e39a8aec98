package dev.driverlab.engine.compile;

import dev.driverlab.lang.Decl;
import dev.driverlab.lang.Stmt;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;

/**
 * Compiles one function body to bytecode, with collaborators that share one {@link FunctionContext}: a
 * {@link StatementCompiler}, which has an {@link ExpressionCompiler}, which has a {@link CallCompiler}. This class
 * lays out the parameters, compiles the body's statements, resolves the gotos and fills in the {@link FunctionCode}.
 */
final class FunctionCompiler {
    private final FunctionContext ctx;
    private final StatementCompiler statements;
    private final ExpressionCompiler exprs;
    private final UnitCompiler uc;

    FunctionCompiler(UnitCompiler uc, FunctionCode fn) {
        this.uc = uc;
        this.ctx = new FunctionContext(uc, fn);
        this.statements = new StatementCompiler(ctx);
        this.exprs = statements.expressions();
    }

    void compile(Decl.Function def) {
        uc.types.typeofResolver = exprs::typeOf;
        uc.types.sizeofResolver = e -> exprs.typeOnly(e, true);
        try {
            compileBody(def);
        } finally {
            uc.types.typeofResolver = null;
            uc.types.sizeofResolver = null;
        }
    }

    private void compileBody(Decl.Function def) {
        ctx.collectAddressTaken(def.body());
        ctx.scopes.push(new HashMap<>());
        List<FunctionCode.ParamInfo> params = new ArrayList<>();
        for (int i = 0; i < def.params().size(); i++) {
            var p = def.params().get(i);
            CType t = ctx.fn.type.params().get(i);
            int slot = ctx.slots++;
            int stackOffset = -1;
            if (p.name() != null && ctx.addressTaken.contains(p.name())) {
                stackOffset = ctx.allocStack(t, p.name(), p.pos());
                ctx.declare(p.name(), t, true, stackOffset, p.pos());
            } else if (p.name() != null) {
                ctx.declare(p.name(), t, false, slot, p.pos());
            }
            params.add(new FunctionCode.ParamInfo(p.name(), t, stackOffset));
        }
        ctx.lastLine = def.pos().line();
        for (Stmt s : def.body().body()) statements.statement(s);
        ctx.code.emit(Op.RET_VOID, ctx.lastLine);
        statements.resolveGotos();
        ctx.fn.code = ctx.code.code();
        ctx.fn.consts = ctx.code.consts();
        ctx.fn.slots = ctx.slots;
        ctx.fn.maxStack = ctx.code.maxDepth() + 4;
        ctx.fn.stackSize = ctx.stackSize;
        ctx.fn.locals = List.copyOf(ctx.localInfos);
        ctx.fn.params = List.copyOf(params);
    }
}
