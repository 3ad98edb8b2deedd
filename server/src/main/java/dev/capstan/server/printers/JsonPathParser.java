package dev.capstan.server.printers;

import dev.capstan.server.printers.PathNode.Bound;
import dev.capstan.server.printers.PathNode.Sequence;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * client-go's JSONPath template parser (k8s.io/client-go/util/jsonpath/parser.go), rune by rune as upstream reads,
 * so that what it accepts, how it splits a path into nodes and every error message are the same. The quirks are
 * upstream's and are kept on purpose: {@code ['a.b']} is two fields, a union branch and a filter operand are parsed
 * as actions of their own, and a tab inside an action is an unrecognized character.
 */
final class JsonPathParser {
  private static final int EOF = -1;
  private static final Pattern DICT_KEY = Pattern.compile("^'([^']*)'$");
  private static final Pattern SLICE = Pattern.compile("^(-?[0-9]*)(:-?[0-9]*)?(:-?[0-9]*)?$");
  // (?d): only \n ends a line for '.', as in Go's regexp
  private static final Pattern COMPARISON = Pattern.compile("(?d)^([^!<>=]+)([!<>=]+)(.+?)$");
  private static final Pattern FLOAT = Pattern.compile("[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)");
  private static final Pattern INT = Pattern.compile("[+-]?[0-9]+");

  private final String input;
  private final Sequence root = new Sequence();
  private int pos;
  private int start;
  private int width;

  private JsonPathParser(String input) {
    this.input = input;
  }

  /** The template's top-level nodes: text, and one {@link Sequence} per {@code {...}} action. */
  static Sequence parse(String template) {
    JsonPathParser p = new JsonPathParser(template);
    p.parseText();
    return p.root;
  }

  /** The nodes of {@code text} read as the inside of one action (upstream's parseAction). */
  private static Sequence parseAction(String text) {
    return (Sequence) parse("{" + text + "}").nodes().get(0);
  }

  private void parseText() {
    while (true) {
      if (input.startsWith("{", pos)) {
        if (pos > start) {
          root.add(new PathNode.Text(consume()));
        }
        pos += 1;
        consume();
        Sequence action = new Sequence();
        root.add(action);
        parseInsideAction(action);
        continue;
      }
      if (next() == EOF) {
        break;
      }
    }
    if (pos > start) {
      root.add(new PathNode.Text(consume()));
    }
  }

  /** Reads the tokens of one action up to and including its closing brace. */
  private void parseInsideAction(Sequence cur) {
    while (true) {
      if (input.startsWith("}", pos)) {
        pos += 1;
        consume();
        return;
      }
      if (input.startsWith("[?(", pos)) {
        parseFilter(cur);
        continue;
      }
      if (input.startsWith("..", pos)) {
        parseRecursive(cur);
        continue;
      }
      int r = next();
      if (r == EOF || r == '\r' || r == '\n') {
        throw new IllegalArgumentException("unclosed action");
      } else if (r == ' ' || r == '@' || r == '$') {
        consume();
      } else if (r == '[') {
        parseArray(cur);
      } else if (r == '"' || r == '\'') {
        parseQuote(cur, r);
      } else if (r == '.') {
        parseField(cur);
      } else if (r == '+' || r == '-' || Character.isDigit(r)) {
        backup();
        parseNumber(cur);
      } else if (isAlphaNumeric(r)) {
        backup();
        parseIdentifier(cur);
      } else {
        throw new IllegalArgumentException("unrecognized character in action: " + goRune(r));
      }
    }
  }

  private void parseIdentifier(Sequence cur) {
    while (true) {
      int r = next();
      if (isTerminator(r)) {
        backup();
        break;
      }
    }
    String value = consume();
    if (value.equals("true") || value.equals("false")) {
      cur.add(new PathNode.BoolLiteral(value.equals("true")));
    } else {
      cur.add(new PathNode.Identifier(value));
    }
  }

  private void parseRecursive(Sequence cur) {
    List<PathNode> nodes = cur.nodes();
    if (!nodes.isEmpty() && nodes.get(nodes.size() - 1) instanceof PathNode.Recursive) {
      throw new IllegalArgumentException("invalid multiple recursive descent");
    }
    pos += 2;
    consume();
    cur.add(new PathNode.Recursive());
    if (isAlphaNumeric(peek())) {
      parseField(cur);
    }
  }

  private void parseNumber(Sequence cur) {
    int r = peek();
    if (r == '+' || r == '-') {
      next();
    }
    while (true) {
      r = next();
      if (r != '.' && !Character.isDigit(r)) {
        backup();
        break;
      }
    }
    String value = consume();
    if (INT.matcher(value).matches()) {
      try {
        cur.add(new PathNode.IntLiteral(Long.parseLong(value)));
        return;
      } catch (NumberFormatException outOfRange) {
        // Go's Atoi fails too; ParseFloat gets its turn below
      }
    }
    if (FLOAT.matcher(value).matches()) {
      double d = Double.parseDouble(value);
      if (!Double.isInfinite(d)) {
        cur.add(new PathNode.FloatLiteral(d));
        return;
      }
    }
    throw new IllegalArgumentException("cannot parse number " + value);
  }

  private void parseArray(Sequence cur) {
    while (true) {
      int r = next();
      if (r == EOF || r == '\n') {
        throw new IllegalArgumentException("unterminated array");
      }
      if (r == ']') {
        break;
      }
    }
    String text = consume();
    text = text.substring(1, text.length() - 1);
    if (text.equals("*")) {
      text = ":";
    }

    String[] parts = text.split(",", -1);
    if (parts.length > 1) {
      List<Sequence> branches = new ArrayList<>();
      for (String part : parts) {
        branches.add(parseAction("[" + trimSpaces(part) + "]"));
      }
      cur.add(new PathNode.Union(branches));
      return;
    }

    Matcher dict = DICT_KEY.matcher(text);
    if (dict.matches()) {
      for (PathNode node : parseAction("." + dict.group(1)).nodes()) {
        cur.add(node);
      }
      return;
    }

    Matcher slice = SLICE.matcher(text);
    if (!slice.matches()) {
      throw new IllegalArgumentException("invalid array index " + text);
    }
    Bound[] bounds = new Bound[3];
    for (int i = 0; i < 3; i++) {
      String value = slice.group(i + 1) == null ? "" : slice.group(i + 1);
      if (!value.isEmpty()) {
        if (i > 0) {
          value = value.substring(1);
        }
        if (i > 0 && value.isEmpty()) {
          bounds[i] = Bound.UNKNOWN;
        } else {
          bounds[i] = new Bound(atoi(value, "array index " + value + " is not a number"), true, false);
        }
      } else if (i == 1) {
        // [n] selects n..n+1; evaluation shifts a derived end by the length along with a negative start
        bounds[i] = new Bound(bounds[0].value() + 1, true, true);
      } else {
        bounds[i] = Bound.UNKNOWN;
      }
    }
    cur.add(new PathNode.Slice(bounds[0], bounds[1], bounds[2]));
  }

  private void parseFilter(Sequence cur) {
    pos += 3;
    consume();
    boolean begin = false;
    boolean end = false;
    int pair = 0;
    loop:
    while (true) {
      int r = next();
      switch (r) {
        case EOF, '\n' -> throw new IllegalArgumentException("unterminated filter");
        case '"', '\'' -> {
          if (!begin) {
            begin = true;
            pair = r;
            continue;
          }
          if (input.charAt(pos - 2) != '\\' && r == pair) {
            end = true;
          }
        }
        case ')' -> {
          // quotes may hold parentheses; a ')' ends the filter only outside an open quote
          if (begin == end) {
            break loop;
          }
        }
        default -> { }
      }
    }
    if (next() != ']') {
      throw new IllegalArgumentException("unclosed array expect ]");
    }
    String text = consume();
    text = text.substring(0, text.length() - 2);
    Matcher m = COMPARISON.matcher(text);
    if (!m.matches()) {
      cur.add(new PathNode.Filter(parseAction(text), new Sequence(), "exists"));
    } else {
      cur.add(new PathNode.Filter(parseAction(m.group(1)), parseAction(m.group(3)), m.group(2)));
    }
  }

  private void parseQuote(Sequence cur, int quote) {
    while (true) {
      int r = next();
      if (r == EOF || r == '\n') {
        throw new IllegalArgumentException("unterminated quoted string");
      }
      if (r == quote && input.charAt(pos - 2) != '\\') {
        break;
      }
    }
    String value = consume();
    String s = unquoteExtend(value);
    if (s == null) {
      throw new IllegalArgumentException("unquote string " + value + " error invalid syntax");
    }
    cur.add(new PathNode.Text(s));
  }

  private void parseField(Sequence cur) {
    consume();
    while (advance()) {
      // scan to the next unescaped terminator
    }
    String value = consume();
    if (value.equals("*")) {
      cur.add(new PathNode.Wildcard());
    } else {
      cur.add(new PathNode.Field(value.replace("\\", "")));
    }
  }

  private boolean advance() {
    int r = next();
    if (r == '\\') {
      next();
    } else if (isTerminator(r)) {
      backup();
      return false;
    }
    return true;
  }

  private String consume() {
    String value = input.substring(start, pos);
    start = pos;
    return value;
  }

  private int next() {
    if (pos >= input.length()) {
      width = 0;
      return EOF;
    }
    int r = input.codePointAt(pos);
    width = Character.charCount(r);
    pos += width;
    return r;
  }

  private int peek() {
    int r = next();
    backup();
    return r;
  }

  private void backup() {
    pos -= width;
  }

  private static boolean isTerminator(int r) {
    return switch (r) {
      case EOF, ' ', '\t', '\r', '\n', '.', ',', '[', ']', '$', '@', '{', '}' -> true;
      default -> false;
    };
  }

  private static boolean isAlphaNumeric(int r) {
    return r == '_' || Character.isLetter(r) || Character.isDigit(r);
  }

  private static String trimSpaces(String s) {
    int from = 0;
    int to = s.length();
    while (from < to && s.charAt(from) == ' ') {
      from++;
    }
    while (to > from && s.charAt(to - 1) == ' ') {
      to--;
    }
    return s.substring(from, to);
  }

  /** Go's strconv.Atoi: an optional sign and ASCII digits that fit 64 bits. */
  private static long atoi(String value, String message) {
    if (!INT.matcher(value).matches()) {
      throw new IllegalArgumentException(message);
    }
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(message);
    }
  }

  /** Go's {@code %#U}: {@code U+002A '*'}, without the quoted rune when it is not printable. */
  static String goRune(int r) {
    String hex = Integer.toHexString(r).toUpperCase(Locale.ROOT);
    String code = "U+" + "0".repeat(Math.max(0, 4 - hex.length())) + hex;
    return printable(r) ? code + " '" + new String(Character.toChars(r)) + "'" : code;
  }

  private static boolean printable(int r) {
    if (r == ' ') {
      return true;
    }
    return switch (Character.getType(r)) {
      case Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.PRIVATE_USE, Character.UNASSIGNED,
          Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR, Character.SPACE_SEPARATOR -> false;
      default -> true;
    };
  }

  /**
   * Upstream's UnquoteExtend: Go's strconv.Unquote that also takes single quotes. Returns null where Go reports
   * invalid syntax. Escapes that yield a single byte ({@code \xff}, octal) are bytes, as in Go, and the result is
   * read as UTF-8.
   */
  static String unquoteExtend(String s) {
    int n = s.length();
    if (n < 2) {
      return null;
    }
    char quote = s.charAt(0);
    if (quote != s.charAt(n - 1) || (quote != '"' && quote != '\'')) {
      return null;
    }
    String body = s.substring(1, n - 1);
    if (body.indexOf('\\') < 0 && body.indexOf(quote) < 0) {
      return body;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int i = 0;
    while (i < body.length()) {
      char c = body.charAt(i);
      if (c == quote) {
        return null;
      }
      if (c != '\\') {
        int cp = body.codePointAt(i);
        i += Character.charCount(cp);
        writeUtf8(out, cp);
        continue;
      }
      if (i + 1 >= body.length()) {
        return null;
      }
      char e = body.charAt(i + 1);
      i += 2;
      switch (e) {
        case 'a' -> out.write(7);
        case 'b' -> out.write('\b');
        case 'f' -> out.write('\f');
        case 'n' -> out.write('\n');
        case 'r' -> out.write('\r');
        case 't' -> out.write('\t');
        case 'v' -> out.write(11);
        case '\\' -> out.write('\\');
        case '\'', '"' -> {
          if (e != quote) {
            return null;
          }
          out.write(e);
        }
        case 'x', 'u', 'U' -> {
          int digits = e == 'x' ? 2 : e == 'u' ? 4 : 8;
          if (i + digits > body.length()) {
            return null;
          }
          long v = 0;
          for (int j = 0; j < digits; j++) {
            int d = Character.digit(body.charAt(i + j), 16);
            if (d < 0 || body.charAt(i + j) > 'f') {
              return null;
            }
            v = v << 4 | d;
          }
          i += digits;
          if (e == 'x') {
            out.write((int) v);
          } else {
            if (v > Character.MAX_CODE_POINT || (v >= 0xD800 && v <= 0xDFFF)) {
              return null;
            }
            writeUtf8(out, (int) v);
          }
        }
        case '0', '1', '2', '3', '4', '5', '6', '7' -> {
          if (i + 2 > body.length()) {
            return null;
          }
          int v = e - '0';
          for (int j = 0; j < 2; j++) {
            int x = body.charAt(i + j) - '0';
            if (x < 0 || x > 7) {
              return null;
            }
            v = v << 3 | x;
          }
          i += 2;
          if (v > 255) {
            return null;
          }
          out.write(v);
        }
        default -> {
          return null;
        }
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private static void writeUtf8(ByteArrayOutputStream out, int cp) {
    out.writeBytes(new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8));
  }
}
