"""A small hyperparameter search with Ray Tune that logs every trial to the platform's MLflow.

Each trial fits a logistic regression by gradient descent (numpy only, on synthetic data) with one
learning rate and L2 penalty, reports validation accuracy and log-loss, and MLflow records the
trial's parameters and metrics under the experiment below. CPU only; a few seconds per trial.
"""
import os

import numpy as np
from ray import tune
from ray.air.integrations.mlflow import MLflowLoggerCallback

EXPERIMENT = os.environ.get("MLFLOW_EXPERIMENT_NAME", "ray-tune-example")


def make_data(seed: int = 7, n: int = 2000, features: int = 10):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, features))
    true_w = rng.normal(size=features)
    y = (x @ true_w + 0.5 * rng.normal(size=n) > 0).astype(float)
    split = int(0.8 * n)
    return x[:split], y[:split], x[split:], y[split:]


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def train(config):
    x_train, y_train, x_val, y_val = make_data()
    w = np.zeros(x_train.shape[1])
    for epoch in range(config["epochs"]):
        p = sigmoid(x_train @ w)
        grad = x_train.T @ (p - y_train) / len(y_train) + config["l2"] * w
        w -= config["lr"] * grad
        p_val = np.clip(sigmoid(x_val @ w), 1e-7, 1 - 1e-7)
        loss = float(-np.mean(y_val * np.log(p_val) + (1 - y_val) * np.log(1 - p_val)))
        accuracy = float(np.mean((p_val > 0.5) == y_val))
        tune.report({"val_loss": loss, "val_accuracy": accuracy, "epoch": epoch})


def main():
    search_space = {
        "lr": tune.loguniform(1e-3, 1.0),
        "l2": tune.loguniform(1e-5, 1e-1),
        "epochs": 50,
    }
    tuner = tune.Tuner(
        train,
        param_space=search_space,
        tune_config=tune.TuneConfig(metric="val_loss", mode="min", num_samples=8, max_concurrent_trials=4),
        run_config=tune.RunConfig(
            name="logreg-search",
            # MLFLOW_TRACKING_URI, MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD come from the pod's environment.
            callbacks=[MLflowLoggerCallback(tracking_uri=os.environ["MLFLOW_TRACKING_URI"], experiment_name=EXPERIMENT, save_artifact=False)],
            # Tune's own results stay in the job's storage; the artifact store is for models.
            storage_path="/tmp/ray-results",
        ),
    )
    best = tuner.fit().get_best_result()
    print(f"best config: {best.config}, val_loss: {best.metrics['val_loss']:.4f}, val_accuracy: {best.metrics['val_accuracy']:.3f}")


if __name__ == "__main__":
    main()
