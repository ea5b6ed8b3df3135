package dev.recordinstall.batch;

import dev.recordinstall.store.Status;

/** Progress of a batch; called from worker threads, implementations synchronise. */
public interface ProgressListener {
  /**
   * @param total specs in the list
   * @param skipped specs already done in an earlier run (not scanned again)
   */
  void begin(int total, int skipped);

  void started(String spec);

  void finished(String spec, Status status, int findings, String reason, long millis);

  void end(BatchResult result);

  /** Discards everything. */
  ProgressListener NONE =
      new ProgressListener() {
        @Override
        public void begin(int total, int skipped) {}

        @Override
        public void started(String spec) {}

        @Override
        public void finished(
            String spec, Status status, int findings, String reason, long millis) {}

        @Override
        public void end(BatchResult result) {}
      };
}
