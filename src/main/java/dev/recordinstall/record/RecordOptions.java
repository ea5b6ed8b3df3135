package dev.recordinstall.record;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Immutable options of one recording. Build with {@link #builder(Path, List)}:
 *
 * <pre>{@code
 * RecordOptions o = RecordOptions.builder(Path.of("out"), List.of("django==5.2.17"))
 *     .indexUrl("file:///opt/pypi/simple")
 *     .fast(true)
 *     .build();
 * }</pre>
 */
public final class RecordOptions {
  /** Default per-phase timeouts. */
  public static final Duration DEFAULT_VENV_TIMEOUT = Duration.ofSeconds(120);

  public static final Duration DEFAULT_INSTALL_TIMEOUT = Duration.ofSeconds(600);
  public static final Duration DEFAULT_IMPORT_TIMEOUT = Duration.ofSeconds(120);
  public static final Duration DEFAULT_LINGER = Duration.ofSeconds(2);

  /**
   * Default bound on what one traced phase may write (trace + stdout + stderr): 2 GiB, five times
   * the largest seen in the 220-package measurement (tensorflow-cpu's install trace, 379 MB).
   */
  public static final long DEFAULT_MAX_PHASE_OUTPUT = 2L << 30;

  private final List<String> specs;
  private final Path outDir;
  private final String indexUrl;
  private final List<String> extraIndexUrls;
  private final List<String> findLinks;
  private final Duration venvTimeout;
  private final Duration installTimeout;
  private final Duration importTimeout;
  private final Network network;
  private final boolean fast;
  private final Duration linger;
  private final boolean keepVenv;
  private final boolean skipImport;
  private final String python;
  private final String strace;
  private final String bwrap;
  private final int stringLimit;
  private final boolean venvTemplate;
  private final long maxPhaseOutput;

  private RecordOptions(Builder b) {
    this.specs = List.copyOf(b.specs);
    this.outDir = Objects.requireNonNull(b.outDir, "outDir");
    this.indexUrl = b.indexUrl;
    this.extraIndexUrls = List.copyOf(b.extraIndexUrls);
    this.findLinks = List.copyOf(b.findLinks);
    this.venvTimeout = b.venvTimeout;
    this.installTimeout = b.installTimeout;
    this.importTimeout = b.importTimeout;
    this.network = b.network;
    this.fast = b.fast;
    this.linger = b.linger;
    this.keepVenv = b.keepVenv;
    this.skipImport = b.skipImport;
    this.python = b.python;
    this.maxPhaseOutput = b.maxPhaseOutput;
    this.strace = b.strace;
    this.bwrap = b.bwrap;
    this.stringLimit = b.stringLimit;
    this.venvTemplate = b.venvTemplate;
  }

  /**
   * Build the venv from a cached template (ensurepip once per interpreter) instead of running
   * ensurepip every time (default true; same files, seconds faster).
   */
  public boolean venvTemplate() {
    return venvTemplate;
  }

  /** A builder for recording {@code specs} into {@code outDir}. */
  public static Builder builder(Path outDir, List<String> specs) {
    return new Builder(outDir, specs);
  }

  /** Requirement strings, local sdist/wheel paths or project directories, as given. */
  public List<String> specs() {
    return specs;
  }

  /** The recording directory (created; must be empty or absent). */
  public Path outDir() {
    return outDir;
  }

  /** pip's {@code --index-url}, or null to keep pip's configured one. */
  public String indexUrl() {
    return indexUrl;
  }

  public List<String> extraIndexUrls() {
    return extraIndexUrls;
  }

  public List<String> findLinks() {
    return findLinks;
  }

  public Duration venvTimeout() {
    return venvTimeout;
  }

  public Duration installTimeout() {
    return installTimeout;
  }

  public Duration importTimeout() {
    return importTimeout;
  }

  public Network network() {
    return network;
  }

  /** Trace with {@code --seccomp-bpf} and a reduced syscall set (see docs/recording.md). */
  public boolean fast() {
    return fast;
  }

  /**
   * Bytes a traced phase may write (its trace, stdout and stderr together) before its process tree
   * is stopped; the trace so far is kept and analysed.
   */
  public long maxPhaseOutput() {
    return maxPhaseOutput;
  }

  /** How long the import driver stays alive after the last import, so delayed payloads show. */
  public Duration linger() {
    return linger;
  }

  /** Keep DIR/work/venv after recording (deleted by default). */
  public boolean keepVenv() {
    return keepVenv;
  }

  /** Skip the import phase (install only). */
  public boolean skipImport() {
    return skipImport;
  }

  /** The base interpreter to build the venv from ({@code python3} on PATH by default). */
  public String python() {
    return python;
  }

  public String strace() {
    return strace;
  }

  public String bwrap() {
    return bwrap;
  }

  /** strace's {@code -s}: bytes of each string argument kept in the trace. */
  public int stringLimit() {
    return stringLimit;
  }

  /** Mutable builder; {@link #build()} validates and freezes. */
  public static final class Builder {
    private final List<String> specs;
    private final Path outDir;
    private String indexUrl;
    private final List<String> extraIndexUrls = new ArrayList<>();
    private final List<String> findLinks = new ArrayList<>();
    private Duration venvTimeout = DEFAULT_VENV_TIMEOUT;
    private Duration installTimeout = DEFAULT_INSTALL_TIMEOUT;
    private Duration importTimeout = DEFAULT_IMPORT_TIMEOUT;
    private Network network = Network.AUTO;
    private boolean fast;
    private Duration linger = DEFAULT_LINGER;
    private boolean keepVenv;
    private boolean skipImport;
    private String python = "python3";
    private String strace = "strace";
    private String bwrap = "bwrap";
    private int stringLimit = 1024;
    private boolean venvTemplate = true;
    private long maxPhaseOutput = DEFAULT_MAX_PHASE_OUTPUT;

    private Builder(Path outDir, List<String> specs) {
      this.outDir = outDir;
      this.specs = List.copyOf(specs);
    }

    public Builder indexUrl(String url) {
      this.indexUrl = url;
      return this;
    }

    public Builder extraIndexUrls(List<String> urls) {
      this.extraIndexUrls.clear();
      this.extraIndexUrls.addAll(urls);
      return this;
    }

    public Builder findLinks(List<String> locations) {
      this.findLinks.clear();
      this.findLinks.addAll(locations);
      return this;
    }

    /** The same timeout for every phase. */
    public Builder timeout(Duration t) {
      this.venvTimeout = t;
      this.installTimeout = t;
      this.importTimeout = t;
      return this;
    }

    public Builder venvTimeout(Duration t) {
      this.venvTimeout = t;
      return this;
    }

    public Builder installTimeout(Duration t) {
      this.installTimeout = t;
      return this;
    }

    public Builder importTimeout(Duration t) {
      this.importTimeout = t;
      return this;
    }

    public Builder network(Network n) {
      this.network = n;
      return this;
    }

    public Builder fast(boolean f) {
      this.fast = f;
      return this;
    }

    public Builder linger(Duration d) {
      this.linger = d;
      return this;
    }

    public Builder keepVenv(boolean k) {
      this.keepVenv = k;
      return this;
    }

    public Builder skipImport(boolean s) {
      this.skipImport = s;
      return this;
    }

    public Builder python(String p) {
      this.python = p;
      return this;
    }

    public Builder strace(String s) {
      this.strace = s;
      return this;
    }

    public Builder bwrap(String b) {
      this.bwrap = b;
      return this;
    }

    public Builder venvTemplate(boolean v) {
      this.venvTemplate = v;
      return this;
    }

    /** See {@link RecordOptions#maxPhaseOutput()}; at least 1 MiB. */
    public Builder maxPhaseOutput(long bytes) {
      this.maxPhaseOutput = bytes;
      return this;
    }

    public Builder stringLimit(int s) {
      this.stringLimit = s;
      return this;
    }

    /**
     * Validates and freezes the options.
     *
     * @throws IllegalArgumentException when no spec is given, a timeout is not positive, or the
     *     string limit is below 256
     */
    public RecordOptions build() {
      if (specs.isEmpty()) throw new IllegalArgumentException("no package spec given");
      for (String s : specs) {
        if (s == null || s.isBlank()) throw new IllegalArgumentException("empty package spec");
      }
      for (Duration d : List.of(venvTimeout, installTimeout, importTimeout)) {
        if (d == null || d.isNegative() || d.isZero())
          throw new IllegalArgumentException("timeouts must be positive");
      }
      if (linger == null || linger.isNegative())
        throw new IllegalArgumentException("linger must not be negative");
      if (maxPhaseOutput < (1L << 20))
        throw new IllegalArgumentException("the phase output limit must be at least 1 MiB");
      if (stringLimit < 256) throw new IllegalArgumentException("string limit must be >= 256");
      Objects.requireNonNull(network, "network");
      return new RecordOptions(this);
    }
  }
}
