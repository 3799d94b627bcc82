"""The CI scripts' own rules, run with stub commands on PATH: a missing system package is
installed or named with the command to run, and a service the bench needs is started or
named, never skipped."""

import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def stub(bin_dir: Path, name: str, body: str) -> None:
	path = bin_dir / name
	path.write_text("#!/usr/bin/env bash\n" + body + "\n")
	path.chmod(0o755)


def run(script: str, bin_dir: Path, cwd: Path, **env) -> subprocess.CompletedProcess:
	environment = {**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}", **env}
	return subprocess.run(
		["bash", "-c", script], cwd=cwd, env=environment, capture_output=True, text=True, timeout=60
	)


def packages_stubs(tmp_path: Path, uid: int, missing: str, apt_rc: int) -> Path:
	bin_dir = tmp_path / "bin"
	bin_dir.mkdir()
	stub(bin_dir, "id", f'[ "$1" = -u ] && echo {uid} || command id "$@"')
	# dpkg-query -W -f='${Status}' PACKAGE: only the listed package is missing.
	stub(bin_dir, "dpkg-query", f'[ "${{@: -1}}" = "{missing}" ] && exit 1; printf "install ok installed"')
	stub(bin_dir, "apt-get", f'echo "apt-get $*" >> "{tmp_path}/apt.log"; exit {apt_rc}')
	return bin_dir


def test_a_missing_package_without_a_package_manager_fails_naming_it(tmp_path):
	bin_dir = packages_stubs(tmp_path, uid=0, missing="wkhtmltopdf", apt_rc=100)
	result = run(f"bash {REPO}/scripts/system-packages", bin_dir, tmp_path)
	assert result.returncode == 1
	assert "Could not install: wkhtmltopdf" in result.stderr
	assert "apt-get install -y --no-install-recommends wkhtmltopdf" in result.stderr
	assert "chromium" not in result.stderr


def test_a_missing_package_for_a_user_who_is_not_root_names_the_command(tmp_path):
	bin_dir = packages_stubs(tmp_path, uid=1000, missing="chromium-driver", apt_rc=0)
	result = run(f"bash {REPO}/scripts/system-packages", bin_dir, tmp_path)
	assert result.returncode == 1
	assert "sudo apt-get install -y --no-install-recommends chromium-driver" in result.stderr
	assert not (tmp_path / "apt.log").exists()


def test_present_packages_install_nothing(tmp_path):
	bin_dir = packages_stubs(tmp_path, uid=0, missing="none-of-them", apt_rc=0)
	summary = tmp_path / "summary"
	result = run(f"bash {REPO}/scripts/system-packages", bin_dir, tmp_path, CM_SUMMARY=str(summary))
	assert result.returncode == 0, result.stderr
	assert (tmp_path / "summary.packages").read_text().startswith("present: wkhtmltopdf chromium")
	assert not (tmp_path / "apt.log").exists()


def bench_folder(tmp_path: Path, redis_urls: dict) -> Path:
	bench = tmp_path / "bench"
	(bench / "sites").mkdir(parents=True)
	(bench / "env" / "bin").mkdir(parents=True)
	(bench / "env" / "bin" / "python").symlink_to(sys.executable)

	(bench / "sites" / "common_site_config.json").write_text(json.dumps(redis_urls))
	return bench


def ensure(bench: Path, bin_dir: Path, tmp_path: Path) -> subprocess.CompletedProcess:
	summary = tmp_path / "summary"
	summary.write_text("")
	script = (
		f"source {REPO}/scripts/lib/suite.sh; source {REPO}/scripts/lib/services.sh; "
		f'ensure_services; rc=$?; cat "$CM_SUMMARY"; exit $rc'
	)
	return run(script, bin_dir, bench, CM_SUMMARY=str(summary), CM_SERVICE_WAIT="2")


def services_stubs(tmp_path: Path, uid: int, mariadb_up: bool) -> Path:
	bin_dir = tmp_path / "bin"
	bin_dir.mkdir()
	stub(bin_dir, "id", f'[ "$1" = -u ] && echo {uid} || command id "$@"')
	stub(bin_dir, "mariadb-admin", "exit 0" if mariadb_up else "exit 1")
	# Redis answers PONG on a port once the stub redis-server "started" it.
	stub(bin_dir, "redis-cli", f'[ -e "{tmp_path}/redis-$4" ] && echo PONG; exit 0')
	stub(bin_dir, "redis-server", f'touch "{tmp_path}/redis-$4"')
	return bin_dir


def test_mariadb_down_and_not_root_fails_naming_it(tmp_path):
	bench = bench_folder(tmp_path, {"redis_cache": "redis://127.0.0.1:6379"})
	result = ensure(bench, services_stubs(tmp_path, uid=1000, mariadb_up=False), tmp_path)
	assert result.returncode == 1
	assert "MariaDB on 127.0.0.1:3306 is not running. Start it: sudo service mariadb start" in result.stderr
	assert "services\tFAILED: MariaDB on 127.0.0.1:3306 is not running" in result.stdout


def test_a_redis_that_is_down_is_started_as_root(tmp_path):
	bench = bench_folder(
		tmp_path, {"redis_cache": "redis://127.0.0.1:6379", "redis_queue": "redis://127.0.0.1:11000"}
	)
	(tmp_path / "redis-6379").touch()  # this one runs already
	result = ensure(bench, services_stubs(tmp_path, uid=0, mariadb_up=True), tmp_path)
	assert result.returncode == 0, result.stderr
	assert "Redis on 127.0.0.1:11000 is not running: starting it" in result.stdout
	assert "services\tMariaDB and Redis up (started: Redis:11000)" in result.stdout


def test_a_redis_that_is_down_fails_for_a_user_who_is_not_root(tmp_path):
	bench = bench_folder(tmp_path, {"redis_queue": "redis://127.0.0.1:11000"})
	result = ensure(bench, services_stubs(tmp_path, uid=1000, mariadb_up=True), tmp_path)
	assert result.returncode == 1
	assert "Redis on 127.0.0.1:11000 is not running" in result.stderr
	assert not (tmp_path / "redis-11000").exists()


def npm_folder(tmp_path: Path) -> Path:
	folder = tmp_path / "browser_tests"
	folder.mkdir()
	for name in ("package.json", "package-lock.json"):
		(folder / name).write_text((REPO / "browser_tests" / name).read_text())
	return folder


def npm_stub(tmp_path: Path, body: str) -> Path:
	bin_dir = tmp_path / "bin"
	bin_dir.mkdir()
	stub(bin_dir, "npm", f'echo "npm $*" >> "{tmp_path}/npm.log"; {body}')
	return bin_dir


def test_npm_packages_install_the_pinned_axe_core_with_npm_ci(tmp_path):
	folder = npm_folder(tmp_path)
	make_axe = 'mkdir -p node_modules/axe-core && echo "x" > node_modules/axe-core/axe.min.js && printf \'{\\n  "version": "9.9.9"\\n}\\n\' > node_modules/axe-core/package.json'
	bin_dir = npm_stub(tmp_path, make_axe)
	result = run(
		f"bash {REPO}/scripts/npm-packages",
		bin_dir,
		tmp_path,
		CM_NPM_DIR=str(folder),
		CM_SUMMARY=str(tmp_path / "summary"),
	)
	assert result.returncode == 0, result.stderr
	assert (tmp_path / "npm.log").read_text().startswith("npm ci ")
	assert (tmp_path / "summary.npm").read_text().strip() == "axe-core 9.9.9"


def test_npm_ci_failing_stops_the_run_never_a_skip(tmp_path):
	folder = npm_folder(tmp_path)
	bin_dir = npm_stub(tmp_path, "echo 'npm ERR! network' >&2; exit 1")
	result = run(
		f"bash {REPO}/scripts/npm-packages",
		bin_dir,
		tmp_path,
		CM_NPM_DIR=str(folder),
		CM_SUMMARY=str(tmp_path / "summary"),
	)
	assert result.returncode == 1
	assert "npm ci failed in browser_tests/" in result.stderr
	assert (tmp_path / "summary.npm").read_text().startswith("FAILED: npm ci")


def test_no_npm_stops_the_run_naming_what_to_install(tmp_path):
	bin_dir = tmp_path / "bin"
	bin_dir.mkdir()
	for tool in ("dirname", "sed", "head"):
		(bin_dir / tool).symlink_to(subprocess.check_output(["which", tool], text=True).strip())
	result = subprocess.run(
		["/bin/bash", str(REPO / "scripts" / "npm-packages")],
		env={"PATH": str(bin_dir), "CM_NPM_DIR": str(npm_folder(tmp_path))},
		capture_output=True,
		text=True,
		timeout=60,
	)
	assert result.returncode == 1
	assert "npm is missing" in result.stderr


def test_axe_core_is_pinned_to_one_exact_version():
	package = json.loads((REPO / "browser_tests" / "package.json").read_text())
	lock = json.loads((REPO / "browser_tests" / "package-lock.json").read_text())
	pinned = package["devDependencies"]["axe-core"]
	assert pinned[0].isdigit() and all(c.isdigit() or c == "." for c in pinned), pinned
	assert lock["packages"]["node_modules/axe-core"]["version"] == pinned
	assert lock["packages"]["node_modules/axe-core"]["integrity"].startswith("sha512-")


def test_stopping_a_process_already_gone_keeps_a_green_run_green(tmp_path):
	# The inbound worker was stopped before the EXIT trap stopped it again; under `set -e` the
	# trap's failing `kill` made a run whose every suite passed exit 1.
	script = f"""
set -euo pipefail
source {REPO}/scripts/lib/suite.sh
sleep 60 & worker=$!
sleep 60 & server=$!
trap 'stop "$worker" "$server"' EXIT
stop "$worker"
echo suites passed
"""
	result = run(script, tmp_path, tmp_path)
	assert result.returncode == 0, result.stderr
	assert "suites passed" in result.stdout


def test_a_failed_run_keeps_its_exit_code_through_the_stop_trap(tmp_path):
	script = f"""
set -euo pipefail
source {REPO}/scripts/lib/suite.sh
sleep 60 & server=$!
trap 'stop "$server"' EXIT
exit 3
"""
	assert run(script, tmp_path, tmp_path).returncode == 3


def test_every_script_stops_its_processes_with_the_shared_stop():
	for script in (REPO / "scripts").iterdir():
		if script.is_file():
			for line in script.read_text().splitlines():
				if line.lstrip().startswith("trap ") and "kill" in line:
					raise AssertionError(f"{script.name}: an EXIT trap calls kill directly: {line}")
