"""timeline: turn a folder of news articles into a published, linkable timeline."""

__version__ = "0.1.0"
