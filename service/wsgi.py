"""WSGI entry point for gunicorn (``wsgi_app = "service.wsgi:app"``).

Imported in each worker after fork (no preload_app); the models load in the
background from gunicorn.conf.py's post_worker_init.
"""
from service.app import create_app

app = create_app()
