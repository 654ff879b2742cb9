import math

import torch

torch.manual_seed(0)  # mesma saída a cada execução

# 1 segundo de "áudio" sintético a 16 kHz: um tom de 440 Hz seguido de um de 880 Hz
SAMPLE_RATE = 16_000
t = torch.arange(SAMPLE_RATE) / SAMPLE_RATE
freq = torch.where(t < 0.5, 440.0, 880.0)
wave = torch.sin(2 * math.pi * freq * t) + 0.05 * torch.randn(SAMPLE_RATE)

# Espectrograma pela transformada de Fourier de curto prazo (STFT):
# janelas de 512 amostras (32 ms), deslocadas de 256 em 256
N_FFT, HOP = 512, 256
spec = torch.stft(wave, n_fft=N_FFT, hop_length=HOP,
                  window=torch.hann_window(N_FFT), return_complex=True)
power = spec.abs() ** 2  # (frequências, quadros)
print(f"sinal {tuple(wave.shape)} -> espectrograma {tuple(power.shape)} (frequências x quadros)")

# A frequência dominante no começo e no fim do sinal
bin_hz = SAMPLE_RATE / N_FFT
print(f"cada faixa de frequência tem {bin_hz} Hz de largura")
for name, frame in [("início", 5), ("fim", power.shape[1] - 5)]:
    peak = power[:, frame].argmax().item()
    print(f"{name}: pico em {peak * bin_hz:.1f} Hz")

# Escala logarítmica (dB), a entrada usual de um modelo de fala
log_spec = 10 * torch.log10(power + 1e-10)
print(f"faixa dinâmica: {log_spec.max() - log_spec.median():.0f} dB acima da mediana")
