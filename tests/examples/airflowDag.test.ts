/**
 * examples/airflow: the DAG is valid Python (python3's py_compile) and has the structure the
 * example promises, read from its syntax tree (python3's ast module). Airflow's own DAG import
 * (DagBag) is not run: Airflow is not installed where the suite runs.
 */
import { expect } from "chai";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const DAG = path.join(__dirname, "..", "..", "examples", "airflow", "dags", "train_and_register.py");

/**
 * One python3 run (its start costs about 0.4 s here): py_compile of the DAG and of a copy with a
 * syntax error (so the check is shown to fail), and facts from the DAG's syntax tree: decorated
 * functions, called attributes, string constants.
 */
const CHECKS = `
import ast, json, py_compile, sys
def compiles(file):
    try:
        py_compile.compile(file, doraise=True)
        return ""
    except py_compile.PyCompileError as err:
        return str(err) or "failed"
tree = ast.parse(open(sys.argv[1]).read())
funcs = {}
for node in ast.walk(tree):
    if isinstance(node, ast.FunctionDef):
        funcs[node.name] = [ast.unparse(d) for d in node.decorator_list]
calls = sorted({ast.unparse(n.func) for n in ast.walk(tree) if isinstance(n, ast.Call)})
strings = sorted({n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)})
print(json.dumps({"dagError": compiles(sys.argv[1]), "brokenError": compiles(sys.argv[2]), "summary": {"funcs": funcs, "calls": calls, "strings": strings}}))
`;

interface Checks {
    dagError: string;
    brokenError: string;
    summary: { funcs: Record<string, string[]>; calls: string[]; strings: string[] };
}

/** Byte code goes to a temporary folder, not into examples/ (py_compile always writes it). */
const PYCACHE = fs.mkdtempSync(path.join(os.tmpdir(), "pycache-"));

describe("examples/airflow", function () {
    let checks: Checks;

    before(function () {
        const broken = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "dag-")), "broken.py");
        fs.writeFileSync(broken, fs.readFileSync(DAG, "utf8").replace("def train(", "def train(("));
        const r = spawnSync("python3", ["-c", CHECKS, DAG, broken], { encoding: "utf8", env: { ...process.env, PYTHONPYCACHEPREFIX: PYCACHE } });
        if (r.error) {
            if (process.env.CI) throw new Error("python3 is required in CI");
            this.skip();
        }
        if (r.status !== 0) throw new Error(`the DAG checks did not run: ${r.stderr}`);
        checks = JSON.parse(r.stdout) as Checks;
    });

    it("compiles with python3's py_compile", () => {
        expect(checks.dagError).to.equal("");
    });

    it("would fail the same check on a syntax error (the check can fail)", () => {
        expect(checks.brokenError).to.match(/SyntaxError|invalid syntax|never closed/);
    });

    it("is an Airflow 3 DAG whose tasks train, log to MLflow and register the model", () => {
        const s = checks.summary;
        expect(s.funcs.train_and_register.some((d) => d.startsWith("dag("))).to.equal(true);
        expect(s.funcs.train.some((d) => d.startsWith("task.virtualenv("))).to.equal(true);
        expect(s.funcs.register.some((d) => d.startsWith("task.virtualenv("))).to.equal(true);
        expect(s.calls).to.include.members(["mlflow.start_run", "mlflow.log_metrics", "mlflow.sklearn.log_model", "mlflow.register_model"]);
        // MLflow inside the mesh (the Airflow namespace's egress rule to MLflow) and pinned requirements.
        expect(s.strings).to.include("http://mlflow.mlflow.svc.cluster.local");
        expect(s.strings.filter((x) => /^(mlflow|scikit-learn|numpy)==/.test(x))).to.have.length(3);
    });
});
