package dev.recordinstall.events;

import dev.recordinstall.strace.Arg;
import dev.recordinstall.strace.TraceEvent;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.core.json.JsonFactory;

/**
 * Writes {@link TraceEvent}s as JSON Lines: one object per line, {@code schemaVersion} in every
 * line. The schema is documented in docs/events.md. Strings from the trace are written as {@code
 * {"str": "..."}} when their bytes are valid UTF-8, else as {@code {"base64": "..."}} (the exact
 * bytes). Not thread-safe.
 */
public final class JsonLinesWriter implements AutoCloseable {
  public static final int SCHEMA_VERSION = 1;

  private static final JsonFactory FACTORY =
      JsonFactory.builder()
          .rootValueSeparator("")
          .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
          .build();

  private final JsonGenerator g;

  private JsonLinesWriter(OutputStream out) {
    this.g = FACTORY.createGenerator(ObjectWriteContext.empty(), out);
  }

  /** A writer on {@code out} (UTF-8). Closing the writer flushes but does not close {@code out}. */
  public static JsonLinesWriter of(OutputStream out) {
    return new JsonLinesWriter(out);
  }

  /** One event as a JSON line (without the newline); for tests and small tools. */
  public static String toJson(TraceEvent e) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (JsonLinesWriter w = of(bytes)) {
      w.write(e);
    }
    String s = bytes.toString(StandardCharsets.UTF_8);
    return s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
  }

  public void write(TraceEvent e) {
    g.writeStartObject();
    g.writeNumberProperty("schemaVersion", SCHEMA_VERSION);
    g.writeStringProperty("type", type(e));
    g.writeStringProperty("file", e.loc().file());
    g.writeNumberProperty("line", e.loc().line());
    g.writeNumberProperty("pid", e.pid());
    if (e.timeMicros() >= 0) g.writeNumberProperty("time", e.timeMicros());
    if (e instanceof TraceEvent.Syscall s) {
      g.writeStringProperty("name", s.name());
      g.writeName("args");
      g.writeStartArray();
      for (Arg a : s.args()) arg(a);
      g.writeEndArray();
      if (s.ret() != null) {
        g.writeName("ret");
        ret(s.ret());
      }
      if (s.durationMicros() >= 0) g.writeNumberProperty("duration", s.durationMicros());
      if (s.resumed()) g.writeBooleanProperty("resumed", true);
      if (s.unfinishedAtEnd()) g.writeBooleanProperty("unfinished", true);
    } else if (e instanceof TraceEvent.Exited x) {
      g.writeNumberProperty("status", x.status());
    } else if (e instanceof TraceEvent.Killed k) {
      g.writeStringProperty("signal", k.signal());
      if (k.coreDumped()) g.writeBooleanProperty("coreDumped", true);
    } else if (e instanceof TraceEvent.SignalReceived r) {
      g.writeStringProperty("signal", r.signal());
      if (r.info() != null) {
        g.writeName("info");
        arg(r.info());
      }
    } else if (e instanceof TraceEvent.Stopped st) {
      g.writeStringProperty("signal", st.signal());
    } else if (e instanceof TraceEvent.Superseded su) {
      g.writeNumberProperty("formerPid", su.formerPid());
    } else if (e instanceof TraceEvent.TracerMessage m) {
      g.writeStringProperty("text", m.text());
    } else if (e instanceof TraceEvent.ParseError pe) {
      g.writeNumberProperty("column", pe.column());
      g.writeStringProperty("message", pe.message());
      g.writeStringProperty("text", pe.text());
    }
    g.writeEndObject();
    g.writeRaw('\n');
  }

  static String type(TraceEvent e) {
    if (e instanceof TraceEvent.Syscall) return "syscall";
    if (e instanceof TraceEvent.Exited) return "exited";
    if (e instanceof TraceEvent.Killed) return "killed";
    if (e instanceof TraceEvent.SignalReceived) return "signal";
    if (e instanceof TraceEvent.Stopped) return "stopped";
    if (e instanceof TraceEvent.Superseded) return "superseded";
    if (e instanceof TraceEvent.TracerMessage) return "tracer";
    return "parseError";
  }

  private void ret(TraceEvent.Return r) {
    g.writeStartObject();
    if (r.value() != null) g.writeNumberProperty("value", r.value());
    if (r.unknown()) g.writeBooleanProperty("unknown", true);
    if (r.errno() != null) g.writeStringProperty("errno", r.errno());
    if (r.errText() != null) g.writeStringProperty("errText", r.errText());
    if (r.fd() != null) {
      g.writeName("fd");
      arg(r.fd());
    }
    if (r.extra() != null) g.writeStringProperty("extra", r.extra());
    if (r.unavailable()) g.writeBooleanProperty("unavailable", true);
    g.writeStringProperty("raw", r.raw());
    g.writeEndObject();
  }

  private void arg(Arg a) {
    g.writeStartObject();
    if (a instanceof Arg.Int i) {
      g.writeNumberProperty("int", i.value());
      if (!i.raw().equals(Long.toString(i.value()))) g.writeStringProperty("raw", i.raw());
    } else if (a instanceof Arg.Str s) {
      string(s.bytes());
      if (s.truncated()) g.writeBooleanProperty("truncated", true);
    } else if (a instanceof Arg.Ident id) {
      g.writeStringProperty("ident", id.name());
    } else if (a instanceof Arg.Flags f) {
      g.writeName("flags");
      g.writeStartArray();
      for (Arg p : f.parts()) arg(p);
      g.writeEndArray();
    } else if (a instanceof Arg.Array arr) {
      g.writeName("array");
      g.writeStartArray();
      for (Arg p : arr.items()) arg(p);
      g.writeEndArray();
      if (arr.negated()) g.writeBooleanProperty("negated", true);
    } else if (a instanceof Arg.Struct st) {
      g.writeName("struct");
      g.writeStartArray();
      for (Arg.Field f : st.fields()) {
        g.writeStartObject();
        if (f.name() != null) g.writeStringProperty("name", f.name());
        g.writeName("value");
        arg(f.value());
        g.writeEndObject();
      }
      g.writeEndArray();
    } else if (a instanceof Arg.Fd fd) {
      g.writeNumberProperty("fd", fd.fd());
      if (fd.decoration() != null) g.writeStringProperty("decoration", fd.decoration());
      if (fd.deleted()) g.writeBooleanProperty("deleted", true);
    } else if (a instanceof Arg.Call c) {
      g.writeStringProperty("call", c.function());
      g.writeName("args");
      g.writeStartArray();
      for (Arg p : c.args()) arg(p);
      g.writeEndArray();
    } else if (a instanceof Arg.Named n) {
      g.writeStringProperty("named", n.name());
      g.writeName("value");
      arg(n.value());
    } else if (a instanceof Arg.InOut io) {
      g.writeName("in");
      arg(io.in());
      g.writeName("out");
      arg(io.out());
    } else if (a instanceof Arg.Ref r) {
      g.writeStringProperty("ref", r.name());
    } else if (a instanceof Arg.Ellipsis) {
      g.writeBooleanProperty("ellipsis", true);
    } else if (a instanceof Arg.BinOp op) {
      g.writeStringProperty("op", op.op());
      g.writeName("left");
      arg(op.left());
      g.writeName("right");
      arg(op.right());
    } else if (a instanceof Arg.Raw r) {
      g.writeStringProperty("raw", r.text());
    }
    g.writeEndObject();
  }

  /** {@code "str"} for valid UTF-8 (ASCII fast path), else {@code "base64"}. */
  private void string(byte[] bytes) {
    boolean ascii = true;
    for (byte x : bytes) {
      if (x < 0) {
        ascii = false;
        break;
      }
    }
    if (ascii) {
      g.writeStringProperty("str", new String(bytes, StandardCharsets.ISO_8859_1));
      return;
    }
    try {
      String text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
      g.writeStringProperty("str", text);
    } catch (CharacterCodingException e) {
      g.writeName("base64");
      g.writeBinary(bytes);
    }
  }

  public void flush() {
    g.flush();
  }

  @Override
  public void close() {
    g.close();
  }
}
