# Sourced by scripts/frappe-suite, from the bench folder. The bench needs MariaDB on
# 127.0.0.1:3306 and the Redis servers named in sites/common_site_config.json. A service that
# the machine lost (a reboot, a daemon that ended with the shell that started it) is started
# again when we may (root, the server installed); otherwise ensure_services fails, naming what
# is down and the command that starts it, before any site is created. Records one summary line.

_wait_for() {
	local i
	for i in $(seq 1 "${CM_SERVICE_WAIT:-30}"); do
		"$@" >/dev/null 2>&1 && return 0
		sleep 1
	done
	return 1
}

# mariadb-admin ping answers 0 while the server runs, even when the login is refused.
_mariadb_up() { mariadb-admin -uroot -h127.0.0.1 --connect-timeout=2 ping >/dev/null 2>&1; }

_redis_up() { [ "$(redis-cli -h "$1" -p "$2" ping 2>/dev/null)" = PONG ]; }

_redis_addresses() {
	./env/bin/python -c "
import json
c = json.load(open('sites/common_site_config.json'))
urls = {c.get(k) for k in ('redis_cache', 'redis_queue', 'redis_socketio') if c.get(k)}
for url in sorted(urls):
    host, _, port = url.removeprefix('redis://').split('/')[0].rpartition(':')
    print(host.rpartition('@')[2] or '127.0.0.1', port or 6379)
"
}

_service_down() {
	record "services" "FAILED: $1" $((SECONDS - _t))
	echo "$1. $2" >&2
	return 1
}

ensure_services() {
	_t=$SECONDS
	local started="" host port root=0
	[ "$(id -u)" -eq 0 ] && root=1
	if ! _mariadb_up; then
		if [ "$root" -eq 1 ] && command -v mariadbd >/dev/null 2>&1; then
			echo "MariaDB is not running: starting it"
			service mariadb start >/dev/null 2>&1 || (setsid mariadbd --user=mysql >/dev/null 2>&1 &)
			_wait_for _mariadb_up || { _service_down "MariaDB on 127.0.0.1:3306 does not start" "See /var/log/mysql/error.log."; return 1; }
			started+=" MariaDB"
		else
			_service_down "MariaDB on 127.0.0.1:3306 is not running" "Start it: sudo service mariadb start"
			return 1
		fi
	fi
	while read -r host port; do
		_redis_up "$host" "$port" && continue
		if [ "$root" -eq 1 ] && [ "$host" = 127.0.0.1 ] && command -v redis-server >/dev/null 2>&1; then
			echo "Redis on $host:$port is not running: starting it"
			redis-server --bind 127.0.0.1 --port "$port" --save '' --appendonly no --daemonize yes >/dev/null
			_wait_for _redis_up "$host" "$port" || { _service_down "Redis on $host:$port does not start" ""; return 1; }
			started+=" Redis:$port"
		else
			_service_down "Redis on $host:$port is not running" "Start it: redis-server --port $port --daemonize yes"
			return 1
		fi
	done < <(_redis_addresses)
	record "services" "MariaDB and Redis up${started:+ (started:$started)}" $((SECONDS - _t))
}
