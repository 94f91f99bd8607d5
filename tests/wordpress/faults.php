<?php
/*
 * Plugin Name: Tangkal test faults
 * Description: Only in Tangkal's test sites. Reads faults.json beside wp-config.php on every
 * request: a slow create, posts held for moderation, and a log of every outgoing HTTP request
 * (none leaves the machine).
 */
function tangkal_faults(): array {
    global $tangkal_faults;
    return is_array($tangkal_faults) ? $tangkal_faults : [];
}

// A create slower than the client waits, once per token: it is held before the post is
// stored until the test creates the file `release-TOKEN` (at most a minute).
add_filter('rest_pre_insert_post', function ($prepared, $request) {
    $slow = tangkal_faults()['slow_create'] ?? null;
    if ($slow && $request->get_method() === 'POST' && !$request->get_param('id')) {
        $token = ABSPATH . 'slow-create-' . $slow['token'];
        if (!file_exists($token)) {
            touch($token);
            ignore_user_abort(true);
            for ($i = 0; $i < 600 && !file_exists(ABSPATH . 'release-' . $slow['token']); $i++) {
                usleep(100000);
            }
        }
    }
    return $prepared;
}, 10, 2);

// A moderation plugin: every post that would go live is held for review instead.
add_filter('wp_insert_post_data', function ($data) {
    if (!empty(tangkal_faults()['hold_for_review']) && $data['post_status'] === 'publish') {
        $data['post_status'] = 'pending';
    }
    return $data;
});

// Every outgoing request (pingbacks, trackbacks, oEmbed) is logged and refused.
add_filter('pre_http_request', function ($answer, $args, $url) {
    file_put_contents(ABSPATH . 'outgoing.log', $url . "\n", FILE_APPEND | LOCK_EX);
    return new WP_Error('tangkal_test_offline', 'test site: no outgoing requests');
}, 10, 3);
