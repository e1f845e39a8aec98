package dev.driverlab.kernel;

import java.util.AbstractMap;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.function.UnaryOperator;

/**
 * A map that a copy of the kernel state shares with the state it was copied from until one of them writes: then the
 * writer takes a private copy (copy-on-write). A machine copy per explored transition then costs one pointer per map,
 * and only the maps a transition writes are copied. Values that are themselves mutable (lists, locks, IRQ lines) are
 * copied with the map by {@code copier}; such a map is also made private before it hands out a value (the caller may
 * change it), so only maps of immutable values are read without a copy.
 */
final class CowMap<K, V> extends AbstractMap<K, V> {
    private static final TreeMap<?, ?> EMPTY_SORTED = new TreeMap<>();
    private static final LinkedHashMap<?, ?> EMPTY_LINKED = new LinkedHashMap<>();

    private final CowCell<Map<K, V>> cell;
    private final UnaryOperator<Map<K, V>> copyMap;
    /** Copies a value along with the map; null when values are immutable. */
    private final UnaryOperator<V> copier;

    @SuppressWarnings("unchecked")
    private CowMap(Map<?, ?> empty, UnaryOperator<Map<K, V>> copyMap, UnaryOperator<V> copier) {
        this.cell = new CowCell<>((Map<K, V>) empty);
        this.copyMap = copyMap;
        this.copier = copier;
    }

    /** Sorted by key, values immutable. */
    static <K, V> CowMap<K, V> sorted() {
        return sorted(null);
    }

    /** Sorted by key, each value copied with the map by {@code copier} (null: values are immutable). */
    static <K, V> CowMap<K, V> sorted(UnaryOperator<V> copier) {
        return new CowMap<>(EMPTY_SORTED, CowMap::copySorted, copier);
    }

    /** In insertion order, each value copied with the map by {@code copier} (null: values are immutable). */
    static <K, V> CowMap<K, V> linked(UnaryOperator<V> copier) {
        return new CowMap<>(EMPTY_LINKED, LinkedHashMap::new, copier);
    }

    private static <K, V> Map<K, V> copySorted(Map<K, V> m) {
        return new TreeMap<>((TreeMap<K, V>) m);
    }

    /** This map now holds {@code other}'s contents, shared with it until either writes. */
    void shareFrom(CowMap<K, V> other) {
        cell.shareFrom(other.cell);
    }

    private Map<K, V> write() {
        cell.changing();
        if (!cell.shared()) return cell.read();
        Map<K, V> c = copyMap.apply(cell.read());
        if (copier != null) c.replaceAll((k, v) -> v == null ? null : copier.apply(v));
        return cell.own(c);
    }

    /** The map for handing out values: private first if the values are mutable. */
    private Map<K, V> readable() {
        return copier != null ? write() : cell.read();
    }

    /** The contents for reading only (hashing a state): nothing is copied, and nothing may be changed through it. */
    Map<K, V> readOnly() {
        return Collections.unmodifiableMap(cell.read());
    }

    @Override
    public V get(Object key) {
        return readable().get(key);
    }

    @Override
    public V getOrDefault(Object key, V defaultValue) {
        return readable().getOrDefault(key, defaultValue);
    }

    @Override
    public boolean containsKey(Object key) {
        return cell.read().containsKey(key);
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
    public void forEach(BiConsumer<? super K, ? super V> action) {
        readable().forEach(action);
    }

    @Override
    public V put(K key, V value) {
        return write().put(key, value);
    }

    @Override
    public V remove(Object key) {
        if (!cell.read().containsKey(key)) return null;
        return write().remove(key);
    }

    @Override
    public void putAll(Map<? extends K, ? extends V> m) {
        write().putAll(m);
    }

    @Override
    public void clear() {
        if (!cell.read().isEmpty()) write().clear();
    }

    @Override
    public Set<K> keySet() {
        return write().keySet(); // a caller may remove through it
    }

    @Override
    public Collection<V> values() {
        return write().values();
    }

    @Override
    public Set<Entry<K, V>> entrySet() {
        return write().entrySet();
    }

    @Override
    public boolean equals(Object o) {
        return cell.read().equals(o instanceof CowMap<?, ?> c ? c.cell.read() : o);
    }

    @Override
    public int hashCode() {
        return cell.hash();
    }
}
