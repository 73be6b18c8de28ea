/** Names and ports of the Airflow component that other files (and tests) refer to. */

export const AIRFLOW_NAMESPACE = "airflow";
/** How flows name the Airflow namespace (other components' accepts import only this file, so no cycle). */
export const AIRFLOW_NAMESPACE_KEY = "airflow";
/** Release name: the chart names its objects `<release>-<component>` (airflow-scheduler, airflow-api-server, ...). */
export const AIRFLOW_RELEASE = "airflow";
/** One service account for every Airflow pod (scheduler, API server, DAG processor, triggerer, task pods): the artifact-store identity. */
export const AIRFLOW_SERVICE_ACCOUNT = "airflow";
/** The Airflow image's user (the chart's `uid`); its group is 0. */
export const AIRFLOW_UID = 50000;

/** Airflow's own database and role on the managed PostgreSQL. */
export const AIRFLOW_DATABASE = "airflow";
export const AIRFLOW_DATABASE_USER = "airflow";

/** Secrets the program creates in the namespace (chart values name them; no value carries their content). */
export const SECRETS = {
    /** Key `connection`: the SQLAlchemy URL of Airflow's database (the chart's data.metadataSecretName). */
    metadata: "airflow-metadata",
    /** Key `password`: Airflow's database password, for the Job that creates the role. */
    databasePassword: "airflow-database-password",
    /** Key `fernet-key` (the chart's fernetKeySecretName). */
    fernetKey: "airflow-fernet-key",
    /** Keys `username`, `password`: the first admin of the UI. */
    admin: "airflow-admin",
    /**
     * Key `jwt-secret` (the chart's jwtSecretName): signs the tokens the API server issues, and the
     * scheduler's for task pods.
     * Named so, not `<release>-jwt-secret`, which the chart renders (with a new random value on every
     * upgrade) when no name is given.
     */
    jwtSecret: "airflow-jwt-signing",
    /** Key `api-secret-key` (the chart's apiSecretKeySecretName): the API server's session secret. */
    apiSecretKey: "airflow-api-signing",
} as const;

/** The chart's Service ports (api-server 8080, statsd exporter's scrape port 9102). */
export const API_SERVER_PORT = 8080;
export const STATSD_SCRAPE_PORT = 9102;

/** Pod labels the chart puts on its components (tier=airflow, component=<name>, release=<release>). */
export function componentSelector(component: string): Record<string, string> {
    return { tier: "airflow", component, release: AIRFLOW_RELEASE };
}

/** Where Airflow pods mount the managed database's CA (the kit's ConfigMap key `ca.crt`), where one is needed. */
export const DATABASE_CA_PATH = "/opt/airflow/platform-database/ca.crt";
