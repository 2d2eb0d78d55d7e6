"""Renderers: each turns reports into text or a Rich renderable, and never prints.

Each output lives in its own module so that a command imports only what it
renders (the JSON path never imports Rich).
"""
