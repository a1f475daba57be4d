package ai.lantern.benchmarks;

import ai.lantern.studio.Studio;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Load on Lantern Studio's {@code POST /api/predict}: N clients, each sending its next request as
 * soon as the last is answered, for S seconds, against the embedded model on localhost. Prints
 * requests per second, p50 and p99 latency, every status other than 200, and the JVM's resident
 * memory (server and clients share it) before and after.
 *
 * <pre>benchmarks/run --main StudioLoadReport 8 30</pre>
 */
public final class StudioLoadReport {
  private StudioLoadReport() {}

  /**
   * Runs the load.
   *
   * @param args clients (default 8) and seconds (default 30)
   * @throws Exception if the server cannot start or a client fails
   */
  public static void main(String[] args) throws Exception {
    int clients = args.length > 0 ? Integer.parseInt(args[0]) : 8;
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
    try (Studio studio = Studio.builder().addEmbeddedModel().optAddress("127.0.0.1", 0).optConcurrency(1, clients)
        .build().start()) {
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      HttpRequest warm = request(studio, -1);
      for (int i = 0; i < 50; i++) {
        http.send(warm, HttpResponse.BodyHandlers.ofString());
      }
      long rssBefore = rssKb();
      List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
      AtomicLong failed = new AtomicLong();
      List<String> statuses = Collections.synchronizedList(new ArrayList<>());
      long end = System.nanoTime() + seconds * 1_000_000_000L;
      List<Thread> threads = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        int client = c;
        Thread t = new Thread(() -> {
          int n = 0;
          while (System.nanoTime() < end) {
            long t0 = System.nanoTime();
            try {
              HttpResponse<String> r = http.send(request(studio, client * 1_000_000 + n++),
                  HttpResponse.BodyHandlers.ofString());
              latencies.add(System.nanoTime() - t0);
              if (r.statusCode() != 200) {
                failed.incrementAndGet();
                statuses.add(r.statusCode() + " " + r.body().strip());
              }
            } catch (Exception e) {
              failed.incrementAndGet();
              statuses.add(e.toString());
            }
          }
        });
        threads.add(t);
        t.start();
      }
      for (Thread t : threads) {
        t.join();
      }
      long rssAfter = rssKb();
      List<Long> sorted = new ArrayList<>(latencies);
      Collections.sort(sorted);
      System.out.printf("%d clients, %d s: %d requests, %.1f requests/s, p50 %.2f ms, p99 %.2f ms, max %.2f ms, "
          + "not 200: %d%n", clients, seconds, sorted.size(), sorted.size() / (double) seconds,
          percentile(sorted, 0.50), percentile(sorted, 0.99), sorted.get(sorted.size() - 1) / 1e6, failed.get());
      System.out.printf("resident memory of the JVM: %d MB before, %d MB after%n", rssBefore / 1024, rssAfter / 1024);
      statuses.stream().distinct().limit(5).forEach(s -> System.out.println("  " + s));
    }
  }

  private static HttpRequest request(Studio studio, int n) {
    return HttpRequest.newBuilder(studio.uri().resolve("/api/predict")).POST(HttpRequest.BodyPublishers.ofString(
        "{\"model\":\"sst2-tiny\",\"text\":\"request " + n + ": the film was lovely but a little long\"}")).build();
  }

  private static double percentile(List<Long> sorted, double p) {
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1)) / 1e6;
  }

  private static long rssKb() throws java.io.IOException {
    return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmRSS:"))
        .map(l -> Long.parseLong(l.replaceAll("\\D", ""))).findFirst().orElse(-1L);
  }
}
