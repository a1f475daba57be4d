package ai.lantern.engine.transformers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The library keeps DJL offline and its telemetry off unless the application chose otherwise. */
class OfflineTest {
  @Test
  void unsetPropertiesBecomeOfflineAndOptedOut() {
    String offline = System.getProperty("ai.djl.offline");
    String tracking = System.getProperty("OPT_OUT_TRACKING");
    try {
      System.clearProperty("ai.djl.offline");
      System.clearProperty("OPT_OUT_TRACKING");
      Offline.ensure(name -> null); // an environment that says nothing
      assertEquals("true", System.getProperty("ai.djl.offline"));
      assertEquals("true", System.getProperty("OPT_OUT_TRACKING"));
      // The application's choice stands, by property or by environment.
      System.setProperty("ai.djl.offline", "false");
      System.clearProperty("OPT_OUT_TRACKING");
      Offline.ensure(name -> name.equals("OPT_OUT_TRACKING") ? "false" : null);
      assertEquals("false", System.getProperty("ai.djl.offline"));
      assertEquals(null, System.getProperty("OPT_OUT_TRACKING"));
    } finally {
      restore("ai.djl.offline", offline);
      restore("OPT_OUT_TRACKING", tracking);
    }
  }

  private static void restore(String key, String value) {
    if (value == null) {
      System.clearProperty(key);
    } else {
      System.setProperty(key, value);
    }
  }
}
