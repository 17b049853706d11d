// Keeps the GPU busy for argv[1] seconds with a spinning kernel, relaunched until the time is up.
#include <cstdio>
#include <cstdlib>
#include <chrono>
__global__ void spin(float *out, long iters) {
  float x = threadIdx.x;
  for (long i = 0; i < iters; i++) x = x * 0.999f + 1.0f;
  out[blockIdx.x * blockDim.x + threadIdx.x] = x;
}
int main(int argc, char **argv) {
  double seconds = argc > 1 ? atof(argv[1]) : 8;
  float *out;
  if (cudaMalloc(&out, 1024 * 256 * sizeof(float)) != cudaSuccess) { printf("busy: no CUDA device\n"); return 1; }
  auto start = std::chrono::steady_clock::now();
  int launches = 0;
  while (std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() < seconds) {
    spin<<<1024, 256>>>(out, 2000000);
    cudaDeviceSynchronize();
    launches++;
  }
  printf("busy: %d launches in %.1f s\n", launches, seconds);
  return 0;
}
