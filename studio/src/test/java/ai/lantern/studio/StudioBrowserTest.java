package ai.lantern.studio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The page in a real browser: Debian's Chromium driven through chromedriver (Selenium). Skipped,
 * with a message, only where Chromium or chromedriver is not installed; CI installs both.
 */
class StudioBrowserTest {
  private static final Path CHROMIUM = Path.of(System.getProperty("lantern.chromium", "/usr/bin/chromium"));
  private static final Path DRIVER = Path.of(System.getProperty("lantern.chromedriver", "/usr/bin/chromedriver"));

  private static Studio studio;
  private static ChromeDriver browser;

  @BeforeAll
  static void start() throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER), "browser tests skipped: "
        + CHROMIUM + " or " + DRIVER + " is missing (apt-get install chromium chromium-driver)");
    studio = Studio.builder().addEmbeddedModel()
        .addModel(Path.of(System.getProperty("lantern.models.dir"), "pair-tiny"))
        .addModel(Path.of(System.getProperty("lantern.models.dir"), "hf-vit-digits"))
        .addModel(Path.of(System.getProperty("lantern.models.dir"), "hf-vit-digits-onnx")).optAddress("127.0.0.1", 0).optConcurrency(1, 4).optThreads(1)
        .build().start();
    ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile()).addArguments("--headless=new",
        "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1200,1500",
        "--disable-background-networking", "--disable-component-update", "--no-first-run",
        "--user-data-dir=" + Files.createTempDirectory("lantern-chromium"));
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
        .usingAnyFreePort().build();
    browser = new ChromeDriver(service, options);
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.quit();
    }
    if (studio != null) {
      studio.close();
    }
  }

  @BeforeEach
  void open() {
    browser.get(studio.uri().toString());
    waitFor(Duration.ofSeconds(20), () -> "true".equals(browser.findElement(By.tagName("body")).getDomAttribute(
        "data-ready")));
  }

  private static void waitFor(Duration d, java.util.function.BooleanSupplier condition) {
    new WebDriverWait(browser, d).until(b -> condition.getAsBoolean());
  }

  private static void type(String id, String text) {
    WebElement e = browser.findElement(By.id(id));
    e.clear();
    e.sendKeys(text);
  }

  @Test
  void typeExplainAndSeeTheWordsHighlightedAndTheChart() throws Exception {
    type("text", "a wonderful film, I loved it");
    type("knob", "1000");
    browser.findElement(By.id("explain")).click();
    waitFor(Duration.ofSeconds(60), () -> !browser.findElements(By.cssSelector("#results .result")).isEmpty());
    WebElement result = browser.findElement(By.cssSelector("#results .result"));
    assertTrue(result.getText().contains("POSITIVE"), result.getText());
    List<WebElement> words = result.findElements(By.cssSelector(".text .w"));
    WebElement wonderful = words.stream().filter(w -> w.getText().equals("wonderful")).findFirst().orElseThrow();
    assertTrue(Double.parseDouble(wonderful.getDomAttribute("data-score")) > 0);
    assertTrue(wonderful.getDomAttribute("title").startsWith("wonderful: +"), wonderful.getDomAttribute("title"));
    assertTrue(wonderful.getCssValue("background-color").startsWith("rgba(46, 125, 50"),
        wonderful.getCssValue("background-color"));
    assertTrue(result.findElements(By.cssSelector(".chart .b")).size() >= 5);
    assertEquals(2, result.findElements(By.cssSelector(".probs .p")).size());
    assertTrue(result.findElement(By.cssSelector("table.diag")).getText().contains("forward passes"));
    assertTrue(browser.findElement(By.id("stop")).getDomProperty("disabled").equals("true"));
    Path shot = Path.of("target", "studio.png");
    Files.createDirectories(shot.getParent());
    Files.write(shot, browser.getScreenshotAs(OutputType.BYTES));
  }

  @Test
  void chooseAnImageExplainItAndSeeThePictureWithIgAndLime() throws Exception {
    new Select(browser.findElement(By.id("model"))).selectByValue("hf-vit-digits");
    assertTrue(browser.findElement(By.id("text-controls")).getDomProperty("hidden").equals("true"));
    Path digit = Path.of(System.getProperty("lantern.models.dir"), "digits-cnn", "digit-0-7.png").toAbsolutePath();
    browser.findElement(By.id("image-file")).sendKeys(digit.toString());
    waitFor(Duration.ofSeconds(10), () -> browser.findElement(By.id("image-preview")).getDomProperty("hidden")
        .equals("false"));
    browser.findElement(By.id("explain")).click();
    waitFor(Duration.ofSeconds(60), () -> !browser.findElements(By.cssSelector("#results .image-result")).isEmpty());
    WebElement result = browser.findElement(By.cssSelector("#results .image-result"));
    assertTrue(result.getText().contains("Integrated Gradients · explaining 7"), result.getText());
    assertEquals(10, result.findElements(By.cssSelector(".probs .p")).size());
    WebElement picture = result.findElement(By.cssSelector("img.picture"));
    assertTrue(picture.getDomAttribute("src").startsWith("data:image/png;base64,"));
    // The picture was decoded and laid out: the original and the overlay, side by side.
    waitFor(Duration.ofSeconds(5), () -> ((Number) browser.executeScript(
        "return document.querySelector('img.picture').naturalWidth")).intValue() > 256);
    assertTrue(result.findElement(By.cssSelector("table.diag")).getText().contains("convergenceDelta"));
    Files.write(Path.of("target", "studio-image.png"), browser.getScreenshotAs(OutputType.BYTES));

    new Select(browser.findElement(By.id("image-method"))).selectByValue("lime");
    new Select(browser.findElement(By.id("segmentation"))).selectByValue("slic");
    type("image-samples", "200");
    browser.findElement(By.id("explain")).click();
    waitFor(Duration.ofSeconds(60), () -> browser.findElements(By.cssSelector("#results .image-result")).stream()
        .anyMatch(e -> e.getText().startsWith("LIME")));
    WebElement lime = browser.findElement(By.cssSelector("#results .image-result"));
    assertTrue(lime.getText().contains("superpixel "), lime.getText());
    assertTrue(lime.findElement(By.cssSelector("table.diag")).getText().contains("samples 200"),
        lime.findElement(By.cssSelector("table.diag")).getText());
    Files.write(Path.of("target", "studio-image-lime.png"), browser.getScreenshotAs(OutputType.BYTES));
    browser.findElement(By.cssSelector(".tab[data-tab=history]")).click();
    assertEquals(2, browser.findElements(By.cssSelector("#history .hist")).size(), "both image runs are in the history");
    assertTrue(browser.findElement(By.id("history")).getText().contains("image digit-0-7.png"),
        browser.findElement(By.id("history")).getText());
    browser.findElements(By.cssSelector("#history input")).forEach(WebElement::click);
    waitFor(Duration.ofSeconds(5), () -> browser.findElements(By.cssSelector("#compare .image-result")).size() == 2);
    Files.write(Path.of("target", "studio-history.png"), browser.getScreenshotAs(OutputType.BYTES));
    browser.findElement(By.cssSelector(".tab[data-tab=explain]")).click();

    // An ONNX export has no gradients: the page offers LIME only.
    new Select(browser.findElement(By.id("model"))).selectByValue("hf-vit-digits-onnx");
    assertEquals("lime", new Select(browser.findElement(By.id("image-method"))).getFirstSelectedOption()
        .getDomAttribute("value"));
    assertEquals("true", browser.findElement(By.cssSelector("#image-method option[value=ig]")).getDomProperty(
        "disabled"));
    assertTrue(browser.findElement(By.id("model-info")).getText().contains("no gradients: LIME only"));
    Files.write(Path.of("target", "studio-onnx.png"), browser.getScreenshotAs(OutputType.BYTES));
    new Select(browser.findElement(By.id("model"))).selectByValue("hf-vit-digits");

    Path text = Files.createTempFile("not-an-image", ".png");
    Files.writeString(text, "plain text, not a picture");
    browser.findElement(By.id("image-file")).sendKeys(text.toString());
    waitFor(Duration.ofSeconds(10), () -> browser.findElement(By.id("image-name")).getText().startsWith("not-an-image"));
    browser.findElement(By.id("explain")).click();
    waitFor(Duration.ofSeconds(20), () -> browser.findElement(By.id("error")).isDisplayed());
    assertTrue(browser.findElement(By.id("error")).getText().contains("is not an image Lantern can read"),
        browser.findElement(By.id("error")).getText());
  }

  @Test
  void stopDuringALongRunShowsThePartialResultMarkedPartial() {
    type("text", "the film was long and slow but the actors tried hard and the music was lovely ".repeat(8));
    type("knob", "100000");
    type("deadline", "60");
    browser.findElement(By.id("explain")).click();
    waitFor(Duration.ofSeconds(30), () -> browser.findElement(By.id("progress-text")).getText().contains(" / "));
    browser.findElement(By.id("stop")).click();
    waitFor(Duration.ofSeconds(10), () -> !browser.findElements(By.cssSelector("#results .result.partial"))
        .isEmpty());
    WebElement result = browser.findElement(By.cssSelector("#results .result.partial"));
    assertTrue(result.findElement(By.cssSelector(".badge")).getText().contains("partial: stopped"));
    String diag = result.findElement(By.cssSelector("table.diag")).getText();
    assertTrue(diag.contains("stopped by the user"), diag);
    long samples = Long.parseLong(diag.lines().filter(l -> l.startsWith("samples")).findFirst().orElseThrow()
        .replaceAll("\\D", ""));
    assertTrue(samples < 100_000, diag);
    assertTrue(browser.findElement(By.id("explain")).isEnabled());
  }

  @Test
  void limeAndIntegratedGradientsSideBySideThenCompareThemFromTheHistory() {
    type("text", "an awful, boring film");
    type("knob", "500");
    browser.findElement(By.id("both")).click();
    browser.findElement(By.id("explain")).click();
    waitFor(Duration.ofSeconds(60), () -> browser.findElements(By.cssSelector("#results .result")).size() == 2);
    String both = browser.findElement(By.id("results")).getText();
    assertTrue(both.contains("LIME") && both.contains("LIG"), both);
    browser.findElement(By.cssSelector(".tab[data-tab=history]")).click();
    List<WebElement> runs = browser.findElements(By.cssSelector("#history input"));
    assertTrue(runs.size() >= 2);
    runs.get(0).click();
    runs.get(1).click();
    assertEquals(2, browser.findElements(By.cssSelector("#compare-results .result")).size());
    browser.findElement(By.cssSelector(".tab[data-tab=probe]")).click();
    browser.findElement(By.id("probe")).click();
    waitFor(Duration.ofSeconds(30), () -> browser.findElement(By.id("probe-out")).getText().contains("gap"));
    assertTrue(browser.findElement(By.id("probe-out")).getText().contains("you are white"));
  }

  @Test
  void aPairShowsBothTextsHighlighted() {
    new Select(browser.findElement(By.id("model"))).selectByValue("pair-tiny");
    new Select(browser.findElement(By.id("task"))).selectByValue("pair");
    type("text", "a wonderful film");
    type("pair", "a lovely movie");
    new Select(browser.findElement(By.id("method"))).selectByValue("occlusion");
    browser.findElement(By.id("explain")).click();
    waitFor(Duration.ofSeconds(30), () -> !browser.findElements(By.cssSelector("#results .result")).isEmpty());
    List<WebElement> texts = browser.findElements(By.cssSelector("#results .result .text"));
    assertEquals(2, texts.size());
    assertEquals("a lovely movie", texts.get(1).getText());
    assertTrue(texts.get(1).findElements(By.cssSelector(".w")).size() >= 2);
  }

  @Test
  void aHostileTextIsShownAsTextAndRunsNothing() {
    String hostile = "<img src=x onerror=\"document.body.dataset.pwned='1'\"> <b>bold</b> film";
    type("text", hostile);
    new Select(browser.findElement(By.id("method"))).selectByValue("occlusion");
    browser.findElement(By.id("explain")).click();
    waitFor(Duration.ofSeconds(30), () -> !browser.findElements(By.cssSelector("#results .result")).isEmpty());
    WebElement text = browser.findElement(By.cssSelector("#results .result .text"));
    assertEquals(hostile, text.getText());
    assertTrue(browser.findElements(By.cssSelector("#results img, #results b")).isEmpty());
    assertEquals(null, browser.findElement(By.tagName("body")).getDomAttribute("data-pwned"));
  }
}
