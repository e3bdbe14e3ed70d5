"""Webhooks of the messaging channels: SMS gateways, inbound mail, social media bridges."""

from flask import Blueprint

bp = Blueprint("channels", __name__, url_prefix="/channels")
