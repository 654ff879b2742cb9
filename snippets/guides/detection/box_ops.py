import torch
from torchvision.ops import batched_nms, box_area, box_convert, box_iou, nms

device = "cuda" if torch.cuda.is_available() else "cpu"

# A mesma caixa em três formatos. XYXY: cantos superior esquerdo e inferior direito (o do
# torchvision); XYWH: canto e tamanho (o do COCO); CXCYWH: centro e tamanho (o do YOLO e do DETR)
xywh = torch.tensor([[10.0, 20.0, 40.0, 30.0]], device=device)
xyxy = box_convert(xywh, in_fmt="xywh", out_fmt="xyxy")
cxcywh = box_convert(xyxy, in_fmt="xyxy", out_fmt="cxcywh")
print("xywh", xywh.tolist()[0], "-> xyxy", xyxy.tolist()[0], "-> cxcywh", cxcywh.tolist()[0])

# IoU (intersection over union): área da interseção / área da união, de 0 a 1
truth = torch.tensor([[0, 0, 10, 10], [20, 20, 40, 40]], dtype=torch.float32, device=device)
predicted = torch.tensor([[0, 0, 10, 10], [5, 0, 15, 10], [30, 30, 50, 50], [60, 60, 70, 70]],
                         dtype=torch.float32, device=device)
print("áreas das caixas reais:", box_area(truth).tolist())
print("IoU (linha: caixa real, coluna: caixa prevista):")
print(box_iou(truth, predicted).cpu().round(decimals=4))
# A mesma conta à mão, para a caixa real 0 e a prevista 1
corner_min = torch.max(truth[0, :2], predicted[1, :2])  # canto superior esquerdo da interseção
corner_max = torch.min(truth[0, 2:], predicted[1, 2:])  # canto inferior direito
inter = (corner_max - corner_min).clamp(min=0).prod()  # clamp: caixas separadas têm interseção 0
union = box_area(truth[:1])[0] + box_area(predicted[1:2])[0] - inter
print(f"à mão: interseção {inter.item():.0f}, união {union.item():.0f}, IoU {(inter / union).item():.4f}")

# NMS (non-maximum suppression): de cada grupo de caixas que se sobrepõem mais que o limite,
# fica só a de maior pontuação
boxes = torch.tensor([[10, 10, 50, 50], [12, 12, 52, 52], [14, 8, 48, 50],
                      [60, 60, 90, 90], [62, 58, 92, 88]], dtype=torch.float32, device=device)
scores = torch.tensor([0.90, 0.80, 0.75, 0.70, 0.95], device=device)
print("IoU com a caixa 0:", [f"{v:.2f}" for v in box_iou(boxes[:1], boxes)[0].tolist()])
print("IoU com a caixa 4:", [f"{v:.2f}" for v in box_iou(boxes[4:], boxes)[0].tolist()])
keep = nms(boxes, scores, iou_threshold=0.5)
print("nms manteve as caixas", keep.tolist())

# batched_nms: uma caixa só suprime as da mesma classe (aqui, a caixa 2 é de outra classe)
labels = torch.tensor([1, 1, 2, 1, 1], device=device)
keep = batched_nms(boxes, scores, labels, iou_threshold=0.5)
print("batched_nms manteve as caixas", keep.tolist())
