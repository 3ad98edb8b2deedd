package dev.capstan.server.printers;

import java.util.ArrayList;
import java.util.List;

/**
 * The parse tree of a client-go JSONPath template, one record per node kind upstream has. The parser fills a
 * {@link Sequence} while it reads; after {@link JsonPathParser#parse} returns nobody changes it.
 */
sealed interface PathNode {

  /** The nodes of one {@code {...}} action, or of the whole template (text and actions in order). */
  record Sequence(List<PathNode> nodes) implements PathNode {
    Sequence() {
      this(new ArrayList<>());
    }

    void add(PathNode node) {
      nodes.add(node);
    }
  }

  /** Literal text outside actions, or a quoted string inside one. */
  record Text(String text) implements PathNode {}

  /** {@code .name}: a key of an object. */
  record Field(String name) implements PathNode {}

  /** A bare word inside an action: {@code range}, {@code end}, or an error when evaluated. */
  record Identifier(String name) implements PathNode {}

  /** {@code [start:end:step]}; {@code [n]} is {@code [n:n+1]} with the end marked as derived. */
  record Slice(Bound start, Bound end, Bound step) implements PathNode {}

  /** One bound of a slice: its value, whether it was written (or derived), whether it was derived from start. */
  record Bound(long value, boolean known, boolean derived) {
    static final Bound UNKNOWN = new Bound(0, false, false);
  }

  /** {@code [?(left op right)]}, or {@code [?(left)]} with operator {@code exists}. */
  record Filter(Sequence left, Sequence right, String operator) implements PathNode {}

  /** An integer literal (a Go {@code int}, a type of its own in comparisons and cells). */
  record IntLiteral(long value) implements PathNode {}

  /** A number literal with a fraction (a Go {@code float64}). */
  record FloatLiteral(double value) implements PathNode {}

  /** {@code true} or {@code false}. */
  record BoolLiteral(boolean value) implements PathNode {}

  /** {@code .*}: every value of an object or element of an array. */
  record Wildcard() implements PathNode {}

  /** {@code ..}: every container below (and including) the current values. */
  record Recursive() implements PathNode {}

  /** {@code [a,b]}: the results of each branch, in order. */
  record Union(List<Sequence> branches) implements PathNode {}
}
