<?php
/* A test site's config (tests/wordpress_site.py): Debian's WordPress code, this site's own
 * database, content directory and faults. site.json and faults.json sit beside this file. */
$tangkal_site = json_decode(file_get_contents(__DIR__ . '/site.json'), true);
$tangkal_faults = json_decode((string) @file_get_contents(__DIR__ . '/faults.json'), true) ?: [];
define('DB_NAME', $tangkal_site['database']);
define('DB_USER', 'root');
define('DB_PASSWORD', '');
define('DB_HOST', '127.0.0.1:3306');
define('DB_CHARSET', 'utf8mb4');
define('DB_COLLATE', '');
define('WP_HOME', $tangkal_site['url']);
define('WP_SITEURL', $tangkal_site['url']);
define('WP_CONTENT_DIR', __DIR__ . '/wp-content');
define('WP_CONTENT_URL', $tangkal_site['url'] . '/wp-content');
// Application Passwords over plain HTTP (WordPress allows them there only on a local site).
define('WP_ENVIRONMENT_TYPE', 'local');
define('DISABLE_WP_CRON', true);  // pings run when a test runs them, not on a loopback request
define('AUTOMATIC_UPDATER_DISABLED', true);
define('WP_AUTO_UPDATE_CORE', false);
foreach (['AUTH', 'SECURE_AUTH', 'LOGGED_IN', 'NONCE'] as $salt) {
    define($salt . '_KEY', 'tangkal-test-' . $salt);
    define($salt . '_SALT', 'tangkal-test-salt-' . $salt);
}
foreach ($tangkal_faults['constants'] ?? [] as $name => $value) {
    define($name, $value);  // EMPTY_TRASH_DAYS, DISALLOW_UNFILTERED_HTML
}
$table_prefix = 'wp_';
require_once ABSPATH . 'wp-settings.php';
