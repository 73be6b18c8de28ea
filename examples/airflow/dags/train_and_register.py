"""Train a small classifier, track it in the platform's MLflow and register it as a model version.

Runs on the platform's Airflow (KubernetesExecutor: each task is a pod in the `airflow` namespace,
as the service account bound to the artifact store). The tasks run in a virtualenv with pinned
MLflow and scikit-learn, so the Airflow image needs no extra packages; MLflow is reached inside the
mesh, with the credentials from the Secret `mlflow-credentials` (keys `username`, `password`) that
the team creates in the `airflow` namespace.
"""
from __future__ import annotations

import pendulum
from airflow.sdk import dag, task
from kubernetes.client import models as k8s

EXPERIMENT = "airflow-example"
MODEL_NAME = "airflow-example-classifier"
REQUIREMENTS = ["mlflow==3.1.1", "scikit-learn==1.7.0", "numpy==2.2.6"]


def _secret_env(name: str, key: str) -> k8s.V1EnvVar:
    return k8s.V1EnvVar(
        name=name,
        value_from=k8s.V1EnvVarSource(secret_key_ref=k8s.V1SecretKeySelector(name="mlflow-credentials", key=key)),
    )


# The task pod's main container is named "base": these variables are added to it.
MLFLOW_POD = {
    "pod_override": k8s.V1Pod(
        spec=k8s.V1PodSpec(
            containers=[
                k8s.V1Container(
                    name="base",
                    env=[
                        k8s.V1EnvVar(name="MLFLOW_TRACKING_URI", value="http://mlflow.mlflow.svc.cluster.local"),
                        _secret_env("MLFLOW_TRACKING_USERNAME", "username"),
                        _secret_env("MLFLOW_TRACKING_PASSWORD", "password"),
                    ],
                )
            ]
        )
    )
}


@dag(
    dag_id="train_and_register",
    schedule="@daily",
    start_date=pendulum.datetime(2026, 1, 1, tz="UTC"),
    catchup=False,
    max_active_runs=1,
    tags=["ml-platform", "example"],
)
def train_and_register():
    @task.virtualenv(requirements=REQUIREMENTS, system_site_packages=False, executor_config=MLFLOW_POD)
    def train(experiment: str) -> dict:
        """Fits a logistic regression on synthetic data and logs it to MLflow; returns the run and model URI."""
        import mlflow
        import numpy as np
        from sklearn.linear_model import LogisticRegression
        from sklearn.metrics import accuracy_score, log_loss
        from sklearn.model_selection import train_test_split

        rng = np.random.default_rng(7)
        x = rng.normal(size=(2000, 10))
        y = (x @ rng.normal(size=10) + 0.5 * rng.normal(size=2000) > 0).astype(int)
        x_train, x_val, y_train, y_val = train_test_split(x, y, test_size=0.2, random_state=7)

        mlflow.set_experiment(experiment)
        with mlflow.start_run() as run:
            params = {"C": 1.0, "max_iter": 200}
            model = LogisticRegression(**params).fit(x_train, y_train)
            mlflow.log_params(params)
            mlflow.log_metrics(
                {
                    "val_accuracy": float(accuracy_score(y_val, model.predict(x_val))),
                    "val_log_loss": float(log_loss(y_val, model.predict_proba(x_val))),
                }
            )
            info = mlflow.sklearn.log_model(model, name="model", input_example=x_val[:5])
            return {"run_id": run.info.run_id, "model_uri": info.model_uri}

    @task.virtualenv(requirements=REQUIREMENTS, system_site_packages=False, executor_config=MLFLOW_POD)
    def register(trained: dict, model_name: str, min_accuracy: float = 0.8) -> str:
        """Registers the run's model as a new version when it is accurate enough; returns the version."""
        import mlflow

        accuracy = mlflow.get_run(trained["run_id"]).data.metrics["val_accuracy"]
        if accuracy < min_accuracy:
            raise ValueError(f"val_accuracy {accuracy:.3f} is below {min_accuracy}: not registered")
        version = mlflow.register_model(trained["model_uri"], model_name)
        return str(version.version)

    register(train(EXPERIMENT), MODEL_NAME)


train_and_register()
