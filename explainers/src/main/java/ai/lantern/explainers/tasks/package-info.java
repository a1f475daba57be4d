/** One entry point per task, as transformers-interpret offers one explainer per HuggingFace task. */
package ai.lantern.explainers.tasks;
