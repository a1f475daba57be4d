package ai.lantern.engine.transformers;

/**
 * Keeps DJL off the network unless the application says otherwise: DJL downloads engines and
 * models when {@code ai.djl.offline} is not set, and its telemetry asks the cloud metadata address
 * (169.254.169.254) who it runs on unless {@code OPT_OUT_TRACKING} is set. Lantern needs neither:
 * its natives come in jars and its models from the caller's disk.
 */
public final class Offline {
  private Offline() {}

  /**
   * Sets {@code ai.djl.offline=true} and {@code OPT_OUT_TRACKING=true} as system properties where
   * neither the application (system property) nor the environment chose a value. Called before any
   * engine class loads; calling it again changes nothing.
   */
  public static void ensure() {
    ensure(System::getenv);
  }

  /** As {@link #ensure()}, reading the environment through {@code env}. */
  static void ensure(java.util.function.UnaryOperator<String> env) {
    if (System.getProperty("ai.djl.offline") == null && env.apply("DJL_OFFLINE") == null) {
      System.setProperty("ai.djl.offline", "true");
    }
    if (System.getProperty("OPT_OUT_TRACKING") == null && env.apply("OPT_OUT_TRACKING") == null) {
      System.setProperty("OPT_OUT_TRACKING", "true");
    }
  }
}
