package dev.driverlab.engine.compile;

/**
 * The instruction set the compiler emits and the VM executes: a stack machine over 64-bit values. Operands follow
 * the opcode inline in the code array. STMT, CALL/CALL_IND and RET are step boundaries: a step runs from one
 * boundary to the next, so "statement", "enter" and "return" are each one step (see Vm).
 */
public final class Op {
    private Op() {}

    // Step boundaries.
    public static final int STMT = 1; // line
    public static final int CALL = 2; // functionIndex(in unit), argc, kernelUnit(0/1)
    public static final int CALL_IND = 3; // argc  (stack: fnaddr, args...)
    public static final int RET = 4; // line  (stack: value)
    public static final int RET_VOID = 5; // line

    // Values.
    public static final int CONST = 10; // constIndex
    public static final int LOAD_SLOT = 11; // slot
    public static final int STORE_SLOT = 12; // slot (value stays on the stack)
    public static final int ADDR_STACK = 13; // offset into the frame's stack object
    public static final int ADDR_DATA = 14; // offset into the current module's data (globals, strings)
    public static final int ADDR_KDATA = 15; // offset into the kernel's data
    public static final int ADDR_FUNC = 16; // functionIndex in the current unit
    public static final int ADDR_KFUNC = 17; // functionIndex in the kernel unit
    public static final int ADDR_BUILTIN = 18; // builtinIndex
    public static final int LOAD = 19; // size, signed
    public static final int STORE = 20; // size  (stack: addr, value -> value)
    public static final int MEMCPY = 21; // size  (stack: dst, src -> dst)
    public static final int DUP = 22;
    public static final int POP = 23;
    public static final int SWAP = 24;
    public static final int DUP2 = 25; // a b -> a b a b
    public static final int OVER = 26; // a b -> a b a
    public static final int MEMZERO = 27; // size  (stack: addr -> addr)

    // Arithmetic (64-bit; TRUNC narrows to the C result type).
    public static final int ADD = 30;
    public static final int SUB = 31;
    public static final int MUL = 32;
    public static final int DIV = 33; // signed
    public static final int UDIV = 34;
    public static final int MOD = 35;
    public static final int UMOD = 36;
    public static final int AND = 37;
    public static final int OR = 38;
    public static final int XOR = 39;
    public static final int SHL = 40;
    public static final int SHR = 41; // arithmetic
    public static final int USHR = 42;
    public static final int NEG = 43;
    public static final int BITNOT = 44;
    public static final int LNOT = 45;
    public static final int EQ = 46;
    public static final int NE = 47;
    public static final int LT = 48;
    public static final int LE = 49;
    public static final int GT = 50;
    public static final int GE = 51;
    public static final int ULT = 52;
    public static final int ULE = 53;
    public static final int UGT = 54;
    public static final int UGE = 55;
    public static final int TRUNC = 56; // size, signed
    public static final int TOBOOL = 57;
    public static final int SCALE = 58; // factor: multiply top by a constant (pointer arithmetic)

    // Control.
    public static final int JMP = 60; // target
    public static final int JZ = 61; // target (pops)
    public static final int JNZ = 62; // target (pops)

    // Calls that stay inside the current step.
    public static final int BUILTIN = 70; // builtinIndex, argc
    public static final int NOP = 72;
    public static final int TYPEHINT = 73; // nameIndex (stack: ptr -> ptr): names a fresh allocation's type
    public static final int LOAD_BITS = 74; // size, signed, bitOffset, width (stack: addr -> value)
    public static final int STORE_BITS = 75; // size, bitOffset, width (stack: addr value -> value)

    /** Number of operands that follow each opcode. */
    public static int operands(int op) {
        switch (op) {
            case LOAD_BITS:
                return 4;
            case CALL:
            case STORE_BITS:
                return 3;
            case BUILTIN:
            case LOAD:
            case TRUNC:
                return 2;
            case STMT:
            case CALL_IND:
            case RET:
            case RET_VOID:
            case CONST:
            case LOAD_SLOT:
            case STORE_SLOT:
            case ADDR_STACK:
            case ADDR_DATA:
            case ADDR_KDATA:
            case ADDR_FUNC:
            case ADDR_KFUNC:
            case ADDR_BUILTIN:
            case TYPEHINT:
            case STORE:
            case MEMCPY:
            case MEMZERO:
            case JMP:
            case JZ:
            case JNZ:
            case SCALE:
                return 1;
            default:
                return 0;
        }
    }
}
