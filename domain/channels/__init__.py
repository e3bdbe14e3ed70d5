"""Messaging channels: SMS short code, e-mail and social media as two-way conversations."""
