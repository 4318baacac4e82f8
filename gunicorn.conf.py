"""gunicorn reads this file from the working directory: checks made before any worker starts."""


def on_starting(server):
    from app.config import shared_state_problem

    problem = shared_state_problem(server.cfg.workers)
    if problem:
        raise RuntimeError(problem)  # gunicorn prints "Error: ..." and exits with status 1
