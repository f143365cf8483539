"""eventwire: news articles to political event data."""
