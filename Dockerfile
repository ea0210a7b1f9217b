# Two images from one file:
#   api    - FastAPI service and the built editor; torch-free, small, starts fast
#   worker - Celery worker with PyTorch (CUDA build from PyPI; pass
#            --build-arg TORCH_INDEX=https://download.pytorch.org/whl/cpu for CPU-only hosts)
FROM python:3.11-slim AS base
WORKDIR /app
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 NETCANVAS_DATA_DIR=/data
COPY pyproject.toml README.md alembic.ini* ./
COPY netcanvas ./netcanvas
COPY backend ./backend
COPY worker ./worker
COPY frontend ./frontend

FROM base AS api
RUN pip install --no-cache-dir .
EXPOSE 8000
CMD ["uvicorn", "backend.app:create_app", "--factory", "--host", "0.0.0.0", "--port", "8000"]

FROM base AS worker
ARG TORCH_INDEX=""
RUN if [ -n "$TORCH_INDEX" ]; then pip install --no-cache-dir torch==2.13.0 --index-url "$TORCH_INDEX"; fi \
    && pip install --no-cache-dir ".[worker]"
CMD ["celery", "-A", "worker.celery_app", "worker", "-Q", "cpu", "-c", "1", "--loglevel", "INFO"]
