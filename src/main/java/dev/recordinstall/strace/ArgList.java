package dev.recordinstall.strace;

import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;

/**
 * The immutable lists inside {@link Arg} trees and {@link TraceEvent.Syscall#args()}: an exact-size
 * array behind {@link AbstractList} (16 bytes of wrapper instead of an ArrayList's 24 plus its
 * spare capacity). Unlike {@code List.of}, it tolerates {@code contains(null)}.
 */
final class ArgList<E> extends AbstractList<E> implements RandomAccess {
  private static final ArgList<Object> EMPTY = new ArgList<>(new Object[0]);

  private final Object[] items;

  private ArgList(Object[] items) {
    this.items = items;
  }

  /** Wraps {@code items} (not copied: the caller hands over a fresh array). */
  static <E> List<E> wrap(Object[] items) {
    return items.length == 0 ? empty() : new ArgList<>(items);
  }

  @SuppressWarnings("unchecked")
  static <E> List<E> empty() {
    return (List<E>) EMPTY;
  }

  @Override
  @SuppressWarnings("unchecked")
  public E get(int index) {
    return (E) items[index];
  }

  @Override
  public int size() {
    return items.length;
  }
}
