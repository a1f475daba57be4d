package ai.lantern.studio;

import ai.lantern.engine.transformers.TransformerTextClassifier;

/**
 * A model the operator named, as the page and the API show it.
 *
 * @param id the name requests use (the folder's name, or {@code sst2-tiny})
 * @param path what the operator gave, shown as the model's name in results
 * @param classifier the loaded model
 * @param gate its concurrency limit
 */
record StudioModel(String id, String path, TransformerTextClassifier classifier, Gate gate) {}
