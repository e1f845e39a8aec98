package dev.driverlab.kernel;

import java.util.AbstractSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/** A set of immutable elements shared with the kernel state it was copied from until one of them writes (see {@link CowMap}). */
final class CowSet<E> extends AbstractSet<E> {
    private static final TreeSet<?> EMPTY_SORTED = new TreeSet<>();
    private static final LinkedHashSet<?> EMPTY_LINKED = new LinkedHashSet<>();

    private final CowCell<Set<E>> cell;
    private final UnaryOperator<Set<E>> copySet;

    @SuppressWarnings("unchecked")
    private CowSet(Set<?> empty, UnaryOperator<Set<E>> copySet) {
        this.cell = new CowCell<>((Set<E>) empty);
        this.copySet = copySet;
    }

    static <E> CowSet<E> sorted() {
        return new CowSet<>(EMPTY_SORTED, CowSet::copySorted);
    }

    static <E> CowSet<E> linked() {
        return new CowSet<>(EMPTY_LINKED, LinkedHashSet::new);
    }

    private static <E> Set<E> copySorted(Set<E> s) {
        return new TreeSet<>((TreeSet<E>) s);
    }

    /** This set now holds {@code other}'s elements, shared with it until either writes. */
    void shareFrom(CowSet<E> other) {
        cell.shareFrom(other.cell);
    }

    private Set<E> write() {
        cell.changing();
        return cell.shared() ? cell.own(copySet.apply(cell.read())) : cell.read();
    }

    @Override
    public boolean contains(Object o) {
        return cell.read().contains(o);
    }

    @Override
    public int size() {
        return cell.read().size();
    }

    @Override
    public boolean isEmpty() {
        return cell.read().isEmpty();
    }

    @Override
    public void forEach(Consumer<? super E> action) {
        cell.read().forEach(action);
    }

    @Override
    public boolean add(E e) {
        return !cell.read().contains(e) && write().add(e);
    }

    @Override
    public boolean remove(Object o) {
        return cell.read().contains(o) && write().remove(o);
    }

    @Override
    public void clear() {
        if (!cell.read().isEmpty()) write().clear();
    }

    @Override
    public Iterator<E> iterator() {
        return write().iterator(); // a caller may remove through it
    }

    @Override
    public boolean equals(Object o) {
        return cell.read().equals(o instanceof CowSet<?> c ? c.cell.read() : o);
    }

    @Override
    public int hashCode() {
        return cell.hash();
    }
}
