# The NetCanvas API image: torch-free, so it stays small and starts fast.
FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md ./
COPY netcanvas ./netcanvas
COPY backend ./backend
COPY worker ./worker
COPY frontend ./frontend
RUN pip install --no-cache-dir .
EXPOSE 8000
CMD ["netcanvas", "serve", "--host", "0.0.0.0", "--port", "8000"]
