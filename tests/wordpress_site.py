"""A real WordPress for the tests: Debian's `wordpress` package served by Apache with mod_php on
a free 127.0.0.1 port, from a configuration of the test's own (no systemd, nothing in /etc),
with its own database on the machine's MariaDB (127.0.0.1:3306, root, no password).

The site directory holds links to Debian's WordPress (/usr/share/wordpress), this site's
`wp-config.php` (tests/wordpress/), its content directory with one must-use plugin
(tests/wordpress/faults.php: the faults a test asks for in `faults.json`) and, for the
permalinks that need them, WordPress's rewrite rules in `.htaccess`.

`.ci/run` installs the packages; where they are missing the tests fail saying which.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from tests.support import free_port

WORDPRESS = Path("/usr/share/wordpress")
APACHE = Path("/usr/sbin/apache2")
MODULES = Path("/usr/lib/apache2/modules")
PHP = Path("/usr/bin/php")
HERE = Path(__file__).parent / "wordpress"
PACKAGES = "wordpress apache2 libapache2-mod-php php-mysql"

# The permalink settings a site may have: Debian's WordPress, installed where Apache has no
# rewrite rules, gets the `/index.php/…` ones; "plain" is WordPress's own default.
PERMALINKS = {
    "plain": "",
    "index.php": "/index.php/%year%/%monthnum%/%day%/%postname%/",
    "pretty": "/%postname%/",
}
HTACCESS = """<IfModule mod_rewrite.c>
RewriteEngine On
RewriteBase /
RewriteRule ^index\\.php$ - [L]
RewriteCond %{REQUEST_FILENAME} !-f
RewriteCond %{REQUEST_FILENAME} !-d
RewriteRule . /index.php [L]
</IfModule>
"""
MODULE_FILES = {
    "mpm_prefork_module": "mod_mpm_prefork.so",
    "authz_core_module": "mod_authz_core.so",
    "dir_module": "mod_dir.so",
    "mime_module": "mod_mime.so",
    "rewrite_module": "mod_rewrite.so",
}


def php_module() -> Path:
    """mod_php as libapache2-mod-php installs it (libphp8.2.so on Debian 12)."""
    found = sorted(MODULES.glob("libphp*.so"))
    return found[-1] if found else MODULES / "libphp.so"


def missing_packages() -> str | None:
    """What is missing to run a real WordPress here, or None."""
    needed = [WORDPRESS / "wp-settings.php", APACHE, PHP, php_module()]
    missing = [str(path) for path in needed if not path.exists()]
    if not missing:
        probe = subprocess.run(
            [str(PHP), "-r", "exit(extension_loaded('mysqli') ? 0 : 1);"], check=False
        )
        if probe.returncode != 0:
            missing.append("the PHP mysqli extension (php-mysql)")
    if not missing:
        return None
    return (
        f"a real WordPress needs Debian's {PACKAGES} (apt-get install -y {PACKAGES}; "
        f".ci/run does it): missing {', '.join(missing)}"
    )


@dataclass
class WordPressSite:
    """One installed site; `passwords` maps each user (admin, penulis = Author, kontributor =
    Contributor) to their application password."""

    directory: Path
    url: str
    database: str
    passwords: dict[str, str] = field(default_factory=dict)
    _apache: subprocess.Popen[bytes] | None = None

    @property
    def site(self) -> Path:
        return self.directory / "site"

    def php(self, code: str) -> Any:
        """Runs PHP code inside WordPress (the CLI, as the site's code runs); returns what the
        code returns, through JSON."""
        done = subprocess.run(
            [str(PHP), str(HERE / "setup.php"), str(self.site), "eval", json.dumps(code)],
            capture_output=True,
            check=False,
            timeout=60,
        )
        assert done.returncode == 0, done.stderr.decode() + done.stdout.decode()
        return json.loads(done.stdout.decode().strip().splitlines()[-1])

    def faults(self, **faults: Any) -> None:
        """What the must-use plugin and wp-config.php do from the next request on."""
        (self.site / "faults.json").write_text(json.dumps(faults))
        os.chmod(self.site / "faults.json", 0o644)

    def permalinks(self, name: str) -> None:
        htaccess = self.site / ".htaccess"
        if name == "pretty":
            htaccess.write_text(HTACCESS)
        else:
            htaccess.unlink(missing_ok=True)
        self.php(f"update_option('permalink_structure', {json.dumps(PERMALINKS[name])}); return 1;")
        self.php("flush_rewrite_rules(false); return 1;")

    def outgoing(self) -> list[str]:
        """Every outgoing HTTP request WordPress tried (the plugin refused them all)."""
        log = self.site / "outgoing.log"
        return log.read_text().splitlines() if log.exists() else []

    def posts(self) -> list[dict[str, Any]]:
        """Every Tangkal post the site holds, whatever its status, trash included."""
        rows: list[dict[str, Any]] = self.php(
            "return array_map(fn($p) => ['id' => $p->ID, 'status' => $p->post_status,"
            " 'slug' => $p->post_name, 'content' => $p->post_content,"
            " 'comment_status' => $p->comment_status, 'ping_status' => $p->ping_status,"
            " 'categories' => wp_get_post_categories($p->ID, ['fields' => 'names'])],"
            " get_posts(['post_status' => 'any,trash', 'numberposts' => -1, 'orderby' => 'ID',"
            " 'order' => 'ASC']));"
        )
        return rows

    def stop(self) -> None:
        if self._apache is not None:
            self._apache.terminate()
            self._apache.wait(timeout=20)
            self._apache = None
        subprocess.run(
            [str(PHP), str(HERE / "setup.php"), str(self.site), "drop"], check=False, timeout=60
        )
        shutil.rmtree(self.directory, ignore_errors=True)


def start_site() -> WordPressSite:
    """Installs a fresh site and serves it; the caller stops it."""
    if (missing := missing_packages()) is not None:
        raise RuntimeError(missing)
    directory = Path(tempfile.mkdtemp(prefix="tangkal-wp-"))
    directory.chmod(0o755)  # Apache's children run as www-data when the tests run as root
    port = free_port()
    wp = WordPressSite(directory, f"http://127.0.0.1:{port}", f"tangkal_wp_{uuid.uuid4().hex[:10]}")
    site = wp.site
    site.mkdir()
    for entry in WORDPRESS.iterdir():
        if entry.name not in ("wp-config.php", "wp-content"):
            (site / entry.name).symlink_to(entry)
    shutil.copy(HERE / "wp-config.php", site / "wp-config.php")
    (site / "wp-content" / "mu-plugins").mkdir(parents=True)
    (site / "wp-content" / "plugins").mkdir()
    (site / "wp-content" / "themes").symlink_to(WORDPRESS / "wp-content" / "themes")
    shutil.copy(HERE / "faults.php", site / "wp-content" / "mu-plugins" / "faults.php")
    (site / "site.json").write_text(json.dumps({"database": wp.database, "url": wp.url}))
    (site / "prepend.php").write_text(f"<?php define('ABSPATH', '{site}/');\n")
    wp.faults()
    for path in [site, *site.rglob("*")]:
        if not path.is_symlink():
            path.chmod(0o777 if path.is_dir() else 0o644)
    (directory / "apache.conf").write_text(_apache_conf(directory, port))
    install = subprocess.run(
        [str(PHP), str(HERE / "setup.php"), str(site), "install"],
        capture_output=True,
        check=False,
        timeout=120,
    )
    if install.returncode != 0:
        shutil.rmtree(directory, ignore_errors=True)
        raise RuntimeError(
            "WordPress install failed (is MariaDB on 127.0.0.1:3306, root without password?): "
            + (install.stderr + install.stdout).decode()[-2000:]
        )
    wp.passwords = json.loads(install.stdout.decode().strip().splitlines()[-1])
    wp._apache = subprocess.Popen(
        [str(APACHE), "-f", str(directory / "apache.conf"), "-DFOREGROUND"],
        stdout=subprocess.DEVNULL,
        stderr=open(directory / "apache.out", "wb"),  # noqa: SIM115 - Apache keeps it
        start_new_session=True,  # stopping, Apache signals its whole process group
    )
    deadline = time.monotonic() + 30
    while True:
        try:
            if httpx.get(wp.url + "/?rest_route=/", timeout=5).status_code == 200:
                break
        except httpx.TransportError:
            pass
        if time.monotonic() > deadline or wp._apache.poll() is not None:
            log = (directory / "apache.out").read_text() + _error_log(directory)
            wp.stop()
            raise RuntimeError("Apache did not serve the test WordPress: " + log[-2000:])
        time.sleep(0.1)
    return wp


def _error_log(directory: Path) -> str:
    log = directory / "error.log"
    return log.read_text() if log.exists() else ""


def _apache_conf(directory: Path, port: int) -> str:
    site = directory / "site"
    loads = [f"LoadModule {name} {MODULES / so}" for name, so in MODULE_FILES.items()]
    modules = "\n".join([*loads, f"LoadModule php_module {php_module()}"])
    user = "User www-data\nGroup www-data\n" if os.geteuid() == 0 else ""
    return f"""ServerRoot {directory}
DefaultRuntimeDir {directory}
PidFile {directory}/apache.pid
Mutex file:{directory} default
Listen 127.0.0.1:{port}
ServerName 127.0.0.1
{modules}
{user}ErrorLog {directory}/error.log
LogLevel warn
TypesConfig /etc/mime.types
StartServers 2
MinSpareServers 2
MaxSpareServers 4
MaxRequestWorkers 8
DocumentRoot {site}
DirectoryIndex index.php
<Directory />
    AllowOverride None
    Require all denied
</Directory>
<Directory {site}>
    Options FollowSymLinks
    AllowOverride All
    Require all granted
</Directory>
<Directory {WORDPRESS}>
    Options FollowSymLinks
    Require all granted
</Directory>
<FilesMatch "\\.php$">
    SetHandler application/x-httpd-php
</FilesMatch>
php_admin_value auto_prepend_file {site}/prepend.php
"""
