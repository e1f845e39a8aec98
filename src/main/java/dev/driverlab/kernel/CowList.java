package dev.driverlab.kernel;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.RandomAccess;
import java.util.function.UnaryOperator;

/**
 * A list shared with the kernel state it was copied from until one of them writes (see {@link CowMap}); mutable
 * elements are copied with it by {@code copier}, and then handing one out makes the list private first.
 */
final class CowList<E> extends AbstractList<E> implements RandomAccess {
    private static final ArrayList<?> EMPTY = new ArrayList<>();

    @SuppressWarnings("unchecked")
    private final CowCell<ArrayList<E>> cell = new CowCell<>((ArrayList<E>) EMPTY);
    /** Copies an element along with the list; null when elements are immutable. */
    private final UnaryOperator<E> copier;

    CowList() {
        this(null);
    }

    CowList(UnaryOperator<E> copier) {
        this.copier = copier;
    }

    /** This list now holds {@code other}'s elements, shared with it until either writes. */
    void shareFrom(CowList<E> other) {
        cell.shareFrom(other.cell);
    }

    private ArrayList<E> write() {
        cell.changing();
        if (!cell.shared()) return cell.read();
        ArrayList<E> c = new ArrayList<>(cell.read());
        if (copier != null) c.replaceAll(e -> e == null ? null : copier.apply(e));
        return cell.own(c);
    }

    /** The elements for reading only (hashing a state): nothing is copied, and nothing may be changed through it. */
    List<E> readOnly() {
        return Collections.unmodifiableList(cell.read());
    }

    /**
     * An element for reading only: neither the list nor the element is taken private (as {@link #get} does when
     * elements are mutable), so a per-step look costs no copy and keeps the list's hash. Nothing may change it.
     */
    E peek(int index) {
        return cell.read().get(index);
    }

    @Override
    public E get(int index) {
        return (copier != null ? write() : cell.read()).get(index);
    }

    @Override
    public int size() {
        return cell.read().size();
    }

    @Override
    public E set(int index, E element) {
        return write().set(index, element);
    }

    @Override
    public void add(int index, E element) {
        write().add(index, element);
        modCount++;
    }

    @Override
    public E remove(int index) {
        E e = write().remove(index);
        modCount++;
        return e;
    }

    @Override
    public boolean equals(Object o) {
        return cell.read().equals(o instanceof CowList<?> c ? c.cell.read() : o);
    }

    @Override
    public int hashCode() {
        return cell.hash();
    }
}
