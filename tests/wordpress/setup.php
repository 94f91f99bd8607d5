<?php
/* Run by tests/wordpress_site.py with the PHP CLI: `php setup.php SITE_DIR COMMAND [JSON]`.
 * install: creates the database, installs WordPress, makes the users and their application
 * passwords and prints them as JSON; eval: runs PHP code (the JSON argument) on the site. */
define('ABSPATH', rtrim($argv[1], '/') . '/');
$_SERVER['HTTP_HOST'] = '127.0.0.1';
$_SERVER['REQUEST_URI'] = '/';
$command = $argv[2];
$site = json_decode(file_get_contents(ABSPATH . 'site.json'), true);
if ($command === 'install') {
    $db = new mysqli('127.0.0.1', 'root', '', '', 3306);
    $db->query('CREATE DATABASE `' . $site['database'] . '` CHARACTER SET utf8mb4');
    define('WP_INSTALLING', true);
    require ABSPATH . 'wp-load.php';
    require_once ABSPATH . 'wp-admin/includes/upgrade.php';
    wp_install('Pemerintah Kabupaten Uji', 'admin', 'admin@example.test', false, '', 'admin-password');
    $out = [];
    foreach (['admin' => 'administrator', 'penulis' => 'author', 'kontributor' => 'contributor'] as $login => $role) {
        $user = get_user_by('login', $login);
        $id = $user ? $user->ID : wp_insert_user(['user_login' => $login, 'user_pass' => $login . '-password', 'user_email' => $login . '@example.test', 'role' => $role]);
        [$password] = WP_Application_Passwords::create_new_application_password($id, ['name' => 'Tangkal']);
        $out[$login] = $password;
    }
    echo json_encode($out);
} elseif ($command === 'eval') {
    require ABSPATH . 'wp-load.php';
    echo json_encode(eval(json_decode($argv[3])));
} elseif ($command === 'drop') {
    $db = new mysqli('127.0.0.1', 'root', '', '', 3306);
    $db->query('DROP DATABASE IF EXISTS `' . $site['database'] . '`');
}
