/**
 * Lantern Studio: a local web app and HTTP API over the library's explainers ({@link ai.lantern.studio.Studio}).
 * It holds no explanation logic: requests become the library's builders, results its JSON.
 */
package ai.lantern.studio;
