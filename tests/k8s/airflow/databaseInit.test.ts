/**
 * The database Job's script, as the production plan ships it, against a real PostgreSQL: a
 * throwaway server where the admin, like the managed servers' admins, holds CREATEROLE and
 * CREATEDB but is not a superuser. Run twice, it must leave one role (with the newer password)
 * owning one database. Skips where no PostgreSQL server binaries are installed (the local server
 * here is 15; the managed servers run 17, whose stricter role-membership rules the script's
 * self-grant addresses).
 */
import { expect } from "chai";
import { spawnSync, type SpawnSyncReturns } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { okPlan } from "../../support/plans";

const PORT = 55432 + (process.pid % 1000);

function run(cmd: string, args: string[], env: Record<string, string> = {}, asPostgres = false): SpawnSyncReturns<string> {
    const [c, a] = asPostgres && process.getuid?.() === 0 ? ["runuser", ["-u", "postgres", "--", cmd, ...args]] : [cmd, args];
    return spawnSync(c, a, { encoding: "utf8", env: { ...process.env, ...env } });
}

function ok(r: SpawnSyncReturns<string>, what: string): string {
    expect(r.status, `${what}: ${r.stdout}${r.stderr}`).to.equal(0);
    return r.stdout.trim();
}

describe("Airflow's database Job against PostgreSQL", function () {
    let dir: string;
    let script: string;

    before(async function () {
        if (run("initdb", ["--version"]).status !== 0 || run("psql", ["--version"]).status !== 0) this.skip();
        const job = (await okPlan("production", "aws")).resources.find((r) => r.type === "kubernetes:batch/v1:Job" && (r.inputs as any).metadata.name === "airflow-database-init")!;
        script = (job.inputs as any).spec.template.spec.containers[0].command[2];
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "airflow-db-"));
        fs.chmodSync(dir, 0o777);
        if (process.getuid?.() === 0) spawnSync("chown", ["postgres", dir]);
        ok(run("initdb", ["-D", path.join(dir, "data"), "-U", "postgres", "--auth-local=trust", "--auth-host=scram-sha-256"], {}, true), "initdb");
        ok(run("pg_ctl", ["-D", path.join(dir, "data"), "-w", "-l", path.join(dir, "log"), "-o", `-k ${dir} -p ${PORT} -c listen_addresses=127.0.0.1`, "start"], {}, true), "start");
        ok(run("psql", ["-h", dir, "-p", String(PORT), "-U", "postgres", "-v", "ON_ERROR_STOP=1", "-c", "CREATE ROLE platform_admin LOGIN CREATEROLE CREATEDB PASSWORD 'admin-pw'"]), "admin");
    });

    after(function () {
        if (dir) run("pg_ctl", ["-D", path.join(dir, "data"), "-m", "immediate", "stop"], {}, true);
    });

    const job = (password: string) =>
        run("sh", ["-c", script], {
            PGHOST: "127.0.0.1",
            PGPORT: String(PORT),
            PGDATABASE: "postgres",
            PGUSER: "platform_admin",
            PGPASSWORD: "admin-pw",
            PGSSLMODE: "disable",
            AIRFLOW_ROLE: "airflow",
            AIRFLOW_DB: "airflow",
            AIRFLOW_PASSWORD: password,
        });

    const asAirflow = (password: string, sql: string) =>
        run("psql", ["-h", "127.0.0.1", "-p", String(PORT), "-U", "airflow", "-d", "airflow", "-At", "-v", "ON_ERROR_STOP=1", "-c", sql], { PGPASSWORD: password });

    it("creates the role and its database as a non-superuser admin, and runs again without error", () => {
        ok(job("first-password-1"), "first run");
        expect(ok(asAirflow("first-password-1", "SELECT current_user || ' ' || pg_get_userbyid(datdba) FROM pg_database WHERE datname = current_database()"), "login")).to.equal("airflow airflow");
        // Airflow's migrations create tables in the public schema.
        ok(asAirflow("first-password-1", "CREATE TABLE probe (id int); DROP TABLE probe;"), "create table");
        ok(job("second-password-2"), "second run");
        expect(asAirflow("first-password-1", "SELECT 1").status).to.not.equal(0);
        expect(ok(asAirflow("second-password-2", "SELECT count(*) FROM pg_database WHERE datname = 'airflow'"), "rotated")).to.equal("1");
    });

    it("keeps other roles out of Airflow's database", () => {
        ok(run("psql", ["-h", dir, "-p", String(PORT), "-U", "postgres", "-c", "CREATE ROLE other LOGIN PASSWORD 'other-pw'"]), "other role");
        const r = run("psql", ["-h", "127.0.0.1", "-p", String(PORT), "-U", "other", "-d", "airflow", "-c", "SELECT 1"], { PGPASSWORD: "other-pw" });
        expect(r.status).to.not.equal(0);
        expect(r.stderr).to.match(/permission denied for database|not have CONNECT privilege/);
    });
});
