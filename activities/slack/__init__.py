"""What every Slack caller shares (cards, thread replies, announcements, the Slack publication
channel): how Slack's errors are classified, and how a post an earlier attempt made is found."""
