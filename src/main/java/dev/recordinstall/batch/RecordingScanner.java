package dev.recordinstall.batch;

import java.nio.file.Path;

/** The real scanner: record with the recorder, analyse with the analyser. */
final class RecordingScanner implements PackageScanner {
  private final ScanSettings settings;

  private RecordingScanner(ScanSettings settings) {
    this.settings = settings;
  }

  static RecordingScanner create(ScanSettings settings) {
    return new RecordingScanner(settings);
  }

  @Override
  public ScanOutcome scan(String spec, Path workDir) {
    return ScanOutcome.toolError("scanning is not available yet (recorder/analyser not merged)");
  }
}
