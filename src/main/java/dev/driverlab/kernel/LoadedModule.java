package dev.driverlab.kernel;

/** A module as the kernel tracks it: where it was loaded, its {@code struct module}, and its state. */
public final class LoadedModule {
    public enum State {
        UNFORMED,
        COMING,
        LIVE,
        GOING,
        UNLOADED
    }

    public final int slot;
    public final String name;
    public final long moduleStruct;
    public final int dataObject;
    State state = State.UNFORMED;

    public LoadedModule(int slot, String name, long moduleStruct, int dataObject) {
        this.slot = slot;
        this.name = name;
        this.moduleStruct = moduleStruct;
        this.dataObject = dataObject;
    }

    LoadedModule copy() {
        LoadedModule c = new LoadedModule(slot, name, moduleStruct, dataObject);
        c.state = state;
        return c;
    }

    public State state() {
        return state;
    }

    public void setState(State s) {
        state = s;
    }

    public boolean unloaded() {
        return state == State.UNLOADED;
    }
}
